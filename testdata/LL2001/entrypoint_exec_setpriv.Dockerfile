# The ENTRYPOINT itself drops privileges.
# expect: LL2001 col=6 severity=info msg~"ENTRYPOINT calls setpriv"
FROM debian:bookworm-slim
ENTRYPOINT ["setpriv", "--reuid=1000", "--regid=1000", "--init-groups", "/app/server"]
