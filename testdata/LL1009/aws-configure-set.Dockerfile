# `aws configure set` writes ~/.aws/credentials.
FROM amazon/aws-cli:2.17.0
ARG AWS_SECRET_ACCESS_KEY
# expect: LL1009 msg~"credentials"
RUN aws configure set aws_secret_access_key "$AWS_SECRET_ACCESS_KEY" && aws s3 sync s3://acme-assets /assets
