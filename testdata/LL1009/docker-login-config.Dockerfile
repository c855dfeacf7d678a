# `docker login` stores the credential in ~/.docker/config.json.
FROM docker:27-cli
ARG DOCKER_PASSWORD
# expect: LL1009 msg~"config.json"
RUN echo "$DOCKER_PASSWORD" | docker login -u ci-bot --password-stdin registry.example.com && docker pull registry.example.com/base:1.0
