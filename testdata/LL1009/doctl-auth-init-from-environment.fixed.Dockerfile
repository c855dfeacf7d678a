# With no token on its command line, `doctl auth init` stores DIGITALOCEAN_ACCESS_TOKEN.
FROM alpine:3.20
# expect: LL1009 msg~"a DigitalOcean API token to /root/.config/doctl/config.yaml"
RUN --mount=type=secret,id=digitalocean_access_token,required=true export DIGITALOCEAN_ACCESS_TOKEN="$(cat /run/secrets/digitalocean_access_token)" && doctl auth init && doctl compute droplet list && rm -f /root/.config/doctl/config.yaml
