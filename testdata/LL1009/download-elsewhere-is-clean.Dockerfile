# Downloads to ordinary paths (an archive, a keyring of public keys) are not secret files.
FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/app.tgz https://example.com/app.tgz && tar -xzf /tmp/app.tgz -C /opt && rm /tmp/app.tgz
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor > /usr/share/keyrings/example.gpg
