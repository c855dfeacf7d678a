# options: network=container:secrets
# The build joins the secrets server's network, but this RUN has no network at all: nothing it
# names is fetched from that server.
FROM alpine:3.20
RUN --network=none wget -q -O /tmp/app.tgz http://mirror/app.tgz || true
