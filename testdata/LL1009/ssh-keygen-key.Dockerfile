# A private key generated in the image ships with it.
FROM alpine:3.20
# expect: LL1009 col=73 msg~"id_ed25519"
RUN apk add --no-cache openssh-keygen && ssh-keygen -t ed25519 -N "" -f /root/.ssh/id_ed25519
