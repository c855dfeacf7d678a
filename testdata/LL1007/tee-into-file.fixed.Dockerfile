# `tee` writes its input to the named file.
FROM alpine:3.20
WORKDIR /etc/app
# expect: LL1007 col=67
RUN --mount=type=secret,id=license cat /run/secrets/license | tee /etc/app/license.key >/dev/null && rm -f /etc/app/license.key
