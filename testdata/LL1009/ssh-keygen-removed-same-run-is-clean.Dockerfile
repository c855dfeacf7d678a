# A throwaway key generated and deleted within one RUN leaves no file.
FROM alpine:3.20
RUN apk add --no-cache openssh-keygen && ssh-keygen -t ed25519 -N "" -f /tmp/k && ssh-keygen -y -f /tmp/k > /dev/null && rm -f /tmp/k /tmp/k.pub
