# `docker login` writes ~/.docker/config.json; `docker logout` in a later RUN removes the entry,
# which stays in the earlier layer. The removal here is the explicit rm of the file.
FROM docker:27-cli
# expect: LL1005 msg~"config.json"
RUN --mount=type=secret,id=docker_password,required=true export DOCKER_PASSWORD="$(cat /run/secrets/docker_password)" && echo "$DOCKER_PASSWORD" | docker login -u ci-bot --password-stdin registry.example.com && docker pull registry.example.com/base:1.0 && rm -f /root/.docker/config.json
