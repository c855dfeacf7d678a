# `doctl registry login` stores a registry token, made from DIGITALOCEAN_ACCESS_TOKEN, in
# ~/.docker/config.json.
FROM docker:27-cli
# expect: LL1009 msg~"/root/.docker/config.json"
RUN --mount=type=secret,id=digitalocean_access_token,required=true export DIGITALOCEAN_ACCESS_TOKEN="$(cat /run/secrets/digitalocean_access_token)" && doctl registry login --expiry-seconds 600 && docker pull registry.digitalocean.com/acme/base:1.0 && rm -f /root/.docker/config.json
