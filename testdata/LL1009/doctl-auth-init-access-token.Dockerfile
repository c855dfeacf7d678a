# `doctl auth init` stores the token it is given in ~/.config/doctl/config.yaml.
FROM alpine:3.20
ARG DO_TOKEN
# expect: LL1009 msg~"/root/.config/doctl/config.yaml"
RUN doctl auth init --access-token "$DO_TOKEN" && doctl compute droplet list
