# Whole-token name matching: none of these holds a secret value.
# CC is not ACCESS, GPG_KEY is a fingerprint, *_FILE and *_URL point at a secret, TOKEN_TTL is a number.
FROM python:3.12-slim
ENV CC=clang
ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D
ENV PUBLIC_KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq3d0n5Lw2Yb8kR7pXvT1sMhZ4aN6eJcQ0fUoD9iWbE deploy@ci"
ENV DB_PASSWORD_FILE=/run/secrets/db_password
ENV OAUTH_TOKEN_URL=https://auth.example.com/oauth/token
ENV TOKEN_TTL=3600
ENV KEYSTORE_PATH=/etc/app/keystore.jks
ENV PYTHON_SHA256=8fb5f9fbc7609fa822cb31549884575db7fd9657cbffb89510b5d7975963a83a
RUN pip install --no-cache-dir gunicorn
