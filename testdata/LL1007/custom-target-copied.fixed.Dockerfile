# The mount has a custom target; copying from that target persists it.
FROM amazon/aws-cli:2.17.0
WORKDIR /app
# expect: LL1007 col=88
RUN --mount=type=secret,id=aws,target=/root/.aws/credentials cp /root/.aws/credentials /app/aws-credentials && aws s3 ls && rm -f /app/aws-credentials
