# Global flags may come before the subcommand: `doctl --context ci --config FILE auth init` stores
# the token in FILE.
FROM alpine:3.20
# expect: LL1009 msg~"/etc/doctl.yaml"
RUN --mount=type=secret,id=do_token,required=true export DO_TOKEN="$(cat /run/secrets/do_token)" && doctl --context ci --config=/etc/doctl.yaml auth init --access-token "$DO_TOKEN" && doctl --config /etc/doctl.yaml compute droplet list && rm -f /etc/doctl.yaml
