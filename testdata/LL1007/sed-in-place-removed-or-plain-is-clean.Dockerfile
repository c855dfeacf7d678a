# syntax=docker/dockerfile:1
# A sed -i of plain text, and a file that gets the secret but is removed in the same RUN.
FROM alpine:3.20
COPY config.ini /app/config.ini
RUN sed -i "s/@VERSION@/1.2/" /app/config.ini
RUN --mount=type=secret,id=api_token cp /app/config.ini /tmp/c.ini && sed -i "s/@TOKEN@/$(cat /run/secrets/api_token)/" /tmp/c.ini && test -s /tmp/c.ini && rm /tmp/c.ini
