# Global flags may come before the subcommand: `doctl --context ci --config FILE auth init` stores
# the token in FILE.
FROM alpine:3.20
ARG DO_TOKEN
# expect: LL1009 msg~"/etc/doctl.yaml"
RUN doctl --context ci --config=/etc/doctl.yaml auth init --access-token "$DO_TOKEN" && doctl --config /etc/doctl.yaml compute droplet list
