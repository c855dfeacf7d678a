# The legacy `ENV NAME value` form is an ENV too.
FROM alpine:3.20
# expect: LL1002 col=5 msg~"GITHUB_TOKEN"
RUN apk add --no-cache github-cli
