# `docker --config DIR login` stores the credential in DIR/config.json, not in ~/.docker.
FROM docker:27-cli
# expect: LL1009 msg~"/ci/docker/config.json"
RUN --mount=type=secret,id=docker_password,required=true export DOCKER_PASSWORD="$(cat /run/secrets/docker_password)" && echo "$DOCKER_PASSWORD" | docker --config /ci/docker login -u ci-bot --password-stdin registry.example.com && docker --config /ci/docker pull registry.example.com/base:1.0 && rm -f /ci/docker/config.json
