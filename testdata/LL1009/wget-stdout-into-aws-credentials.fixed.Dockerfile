# `wget -O-` into a redirect: the downloaded text is the AWS credentials file.
FROM alpine:3.20
RUN mkdir -p /root/.aws
# expect: LL1009 msg~"/root/.aws/credentials"
RUN wget -qO- https://config.example.com/aws > /root/.aws/credentials && rm -f /root/.aws/credentials
