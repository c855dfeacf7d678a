# options: network=container:secrets
# The build joins the secrets server's network, but this RUN uses the host's: a bare host name is
# not the secrets server there.
FROM alpine:3.20
RUN --network=host wget -q -O /tmp/app.tgz http://mirror/app.tgz
