# Public keys, known_hosts, templates of secret files and certificates are not secrets.
FROM alpine:3.20
COPY id_ed25519.pub /root/.ssh/authorized_keys
COPY known_hosts /root/.ssh/known_hosts
COPY .env.example /app/.env.example
COPY certs/ca-cert.pem /usr/local/share/ca-certificates/ca-cert.crt
COPY config/settings.yaml /app/config/settings.yaml
