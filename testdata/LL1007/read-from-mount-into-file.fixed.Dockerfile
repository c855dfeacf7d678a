# syntax=docker/dockerfile:1
# `read` takes the mount's content into a shell variable, which is then written to a file.
FROM alpine:3.20
# expect: LL1007 msg~"echo copies the secret mount 'api_token' into /app/settings"
RUN --mount=type=secret,id=api_token read -r TOKEN < /run/secrets/api_token && echo "token=$TOKEN" > /app/settings && rm -f /app/settings
