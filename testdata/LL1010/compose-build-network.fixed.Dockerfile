# options: network=container:secrets
# A Compose service builds this with `build.network: container:secrets`: every RUN joins the
# secrets server's network, so a bare host name is that server.
FROM alpine:3.20
WORKDIR /build
# expect: LL1010 msg~"/build/token"
RUN wget -q -O /dev/shm/token http://secrets/token && test -s /dev/shm/token && rm -f /dev/shm/token
