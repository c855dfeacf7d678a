# A download into a private-key path creates a secret file, whatever the server.
FROM alpine:3.20
RUN apk add --no-cache curl openssh-client
# expect: LL1009 msg~"/root/.ssh/id_ed25519"
RUN mkdir -p /root/.ssh && curl -fsSL -o /root/.ssh/id_ed25519 https://keys.example.com/deploy && chmod 600 /root/.ssh/id_ed25519 && rm -f /root/.ssh/id_ed25519
