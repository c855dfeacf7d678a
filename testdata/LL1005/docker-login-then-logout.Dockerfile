# `docker login` writes ~/.docker/config.json; `docker logout` in a later RUN removes the entry,
# which stays in the earlier layer. The removal here is the explicit rm of the file.
FROM docker:27-cli
ARG DOCKER_PASSWORD
# expect: LL1005 msg~"config.json"
RUN echo "$DOCKER_PASSWORD" | docker login -u ci-bot --password-stdin registry.example.com
RUN docker pull registry.example.com/base:1.0
RUN rm -f /root/.docker/config.json
