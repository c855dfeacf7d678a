# `doctl registry login` stores a registry token, made from DIGITALOCEAN_ACCESS_TOKEN, in
# ~/.docker/config.json.
FROM docker:27-cli
ARG DIGITALOCEAN_ACCESS_TOKEN
# expect: LL1009 msg~"/root/.docker/config.json"
RUN doctl registry login --expiry-seconds 600 && docker pull registry.digitalocean.com/acme/base:1.0
