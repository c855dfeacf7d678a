# SSH_KEY is a weak name alone; written to a private-key path, its value is a secret.
FROM alpine:3.20
RUN apk add --no-cache git openssh-client
# expect: LL1001 col=5 msg~"SSH_KEY (written to /root/.ssh/id_rsa)"
ARG SSH_KEY
RUN mkdir -p /root/.ssh && echo "$SSH_KEY" > /root/.ssh/id_rsa && chmod 600 /root/.ssh/id_rsa && git clone git@github.com:acme/private.git /src; rm -f /root/.ssh/id_rsa
