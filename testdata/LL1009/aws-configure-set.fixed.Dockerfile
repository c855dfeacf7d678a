# `aws configure set` writes ~/.aws/credentials.
FROM amazon/aws-cli:2.17.0
# expect: LL1009 msg~"credentials"
RUN --mount=type=secret,id=aws_secret_access_key,required=true export AWS_SECRET_ACCESS_KEY="$(cat /run/secrets/aws_secret_access_key)" && aws configure set aws_secret_access_key "$AWS_SECRET_ACCESS_KEY" && aws s3 sync s3://acme-assets /assets && rm -f /root/.aws/credentials
