# Downloads to ordinary paths (an archive, a keyring of public keys) are not secret files.
FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/app.tgz https://example.com/app.tgz && rm /tmp/app.tgz
RUN mkdir -p /usr/share/keyrings && curl -fsSL https://example.com/key.asc > /usr/share/keyrings/example.asc
