# `cat secret > file` persists it.
FROM alpine:3.20
WORKDIR /app
# expect: LL1007 col=67
RUN --mount=type=secret,id=api_token cat /run/secrets/api_token > /app/token
