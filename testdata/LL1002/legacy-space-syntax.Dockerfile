# The legacy `ENV NAME value` form is an ENV too.
FROM alpine:3.20
# expect: LL1002 col=5 msg~"GITHUB_TOKEN"
ENV GITHUB_TOKEN ghp_R8mZt2KqW5vXy7Lp3Nc9Hd4Jf6Bs1Ag0QeTu
RUN apk add --no-cache github-cli
