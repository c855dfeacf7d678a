# The entrypoint is written by a COPY heredoc and drops privileges with su-exec.
# expect: LL2001 col=6 severity=info msg~"entrypoint start.sh drops privileges (su-exec, line 3)"
FROM alpine:3.20
RUN apk add --no-cache su-exec && adduser -D app
COPY --chmod=755 <<EOF /usr/local/bin/start.sh
#!/bin/sh
chown app /data
exec su-exec app "\$@"
EOF
ENTRYPOINT ["start.sh"]
