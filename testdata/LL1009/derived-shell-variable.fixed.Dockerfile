# A shell variable derived from a secret build argument carries the secret into the file.
FROM alpine:3.20
WORKDIR /app
# expect: LL1009 msg~"the value of AUTH (derived from GITHUB_TOKEN) to /app/.token"
RUN --mount=type=secret,id=github_token,required=true export GITHUB_TOKEN="$(cat /run/secrets/github_token)" && AUTH="token $GITHUB_TOKEN" && echo "$AUTH" > /app/.token && rm -f /app/.token
