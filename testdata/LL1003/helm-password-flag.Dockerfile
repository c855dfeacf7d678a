# `--password VALUE` on a command line.
FROM alpine/helm:3.15.2
# expect: LL1003 col=76 severity=error
RUN helm repo add acme https://charts.example.com --username ci --password Ch4rtsPassw0rd && helm dependency build
