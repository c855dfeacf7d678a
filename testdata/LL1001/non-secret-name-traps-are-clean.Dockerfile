# Names are matched as whole tokens and name-suffixes that point at a secret are not secrets:
# GPG_KEY is a fingerprint, PUBLIC_KEY is public, *_FILE / *_URL / *_PATH / *_TTL are not the value.
FROM python:3.12-slim
ARG GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305
ARG PUBLIC_KEY
ARG DB_PASSWORD_FILE=/run/secrets/db_password
ARG TOKEN_URL=https://auth.example.com/oauth/token
ARG TOKEN_TTL=3600
ARG KEYSTORE_PATH=/etc/app/keystore.jks
ARG CC=clang
ARG TOKENIZER=bpe
ARG MONKEY_PATCH=1
RUN pip install --no-cache-dir gunicorn
