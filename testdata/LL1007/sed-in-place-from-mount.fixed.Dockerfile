# syntax=docker/dockerfile:1
# `sed -i` with the mount's content writes the secret into the file it edits.
FROM alpine:3.20
COPY config.ini /app/config.ini
# expect: LL1007 msg~"sed copies the secret mount 'api_token' into /app/config.ini"
RUN --mount=type=secret,id=api_token sed -i "s/@TOKEN@/$(cat /run/secrets/api_token)/" /app/config.ini && rm -f /app/config.ini
