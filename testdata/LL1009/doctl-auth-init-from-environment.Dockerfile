# With no token on its command line, `doctl auth init` stores DIGITALOCEAN_ACCESS_TOKEN.
FROM alpine:3.20
ARG DIGITALOCEAN_ACCESS_TOKEN
# expect: LL1009 msg~"a DigitalOcean API token to /root/.config/doctl/config.yaml"
RUN doctl auth init && doctl compute droplet list
