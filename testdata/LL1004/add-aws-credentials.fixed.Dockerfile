# ADD is a COPY too: the AWS credentials file is in its layer.
FROM amazon/aws-cli:2.17.0
# expect: LL1004 col=5 msg~"credentials"
RUN --mount=type=secret,id=credentials,target=/root/.aws/credentials,required=true aws s3 sync s3://acme-assets /assets
