# `docker --config DIR login` stores the credential in DIR/config.json, not in ~/.docker.
FROM docker:27-cli
ARG DOCKER_PASSWORD
# expect: LL1009 msg~"/ci/docker/config.json"
RUN echo "$DOCKER_PASSWORD" | docker --config /ci/docker login -u ci-bot --password-stdin registry.example.com && docker --config /ci/docker pull registry.example.com/base:1.0
