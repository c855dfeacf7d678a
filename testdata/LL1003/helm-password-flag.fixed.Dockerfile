# `--password VALUE` on a command line.
FROM alpine/helm:3.15.2
# expect: LL1003 col=76 severity=error
RUN --mount=type=secret,id=password,required=true export PASSWORD="$(cat /run/secrets/password)" && helm repo add acme https://charts.example.com --username ci --password ${PASSWORD} && helm dependency build && rm -f /root/.config/helm/repositories.yaml
