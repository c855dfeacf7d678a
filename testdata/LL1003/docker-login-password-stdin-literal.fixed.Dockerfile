# A literal piped into `docker login --password-stdin`.
FROM docker:27-cli
# expect: LL1003 col=11 severity=error
RUN --mount=type=secret,id=secret_token,required=true export SECRET_TOKEN="$(cat /run/secrets/secret_token)" && echo "${SECRET_TOKEN}" | docker login -u ci-bot --password-stdin registry.example.com && rm -f /root/.docker/config.json
