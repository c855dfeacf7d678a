# The password comes from a secret-named ENV: it is in the config, a warning on the URL.
FROM alpine:3.20
# expect: LL1006 col=42 severity=warning
RUN --mount=type=secret,id=nexus_password,required=true export NEXUS_PASSWORD="$(cat /run/secrets/nexus_password)" && curl -fsSLo /tmp/tool.tgz https://ci:$NEXUS_PASSWORD@nexus.example.com/repository/raw/tool.tgz
