# `doctl auth init` stores the token it is given in ~/.config/doctl/config.yaml.
FROM alpine:3.20
# expect: LL1009 msg~"/root/.config/doctl/config.yaml"
RUN --mount=type=secret,id=do_token,required=true export DO_TOKEN="$(cat /run/secrets/do_token)" && doctl auth init --access-token "$DO_TOKEN" && doctl compute droplet list && rm -f /root/.config/doctl/config.yaml
