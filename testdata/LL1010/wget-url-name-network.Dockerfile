# syntax=docker/dockerfile:1
# A RUN that joins the secrets server's network, and wget names the file after the URL.
FROM alpine:3.20
WORKDIR /build
# expect: LL1010 msg~"/build/token"
RUN --network=container:secrets wget -q http://secrets/token && test -s token
