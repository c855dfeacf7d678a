# A shell variable derived from a secret build argument carries the secret into the file.
FROM alpine:3.20
WORKDIR /app
ARG GITHUB_TOKEN
# expect: LL1009 msg~"the value of AUTH (derived from GITHUB_TOKEN) to /app/.token"
RUN AUTH="token $GITHUB_TOKEN" && echo "$AUTH" > /app/.token
