# The RUN never reads GITHUB_TOKEN, but every ARG in scope is recorded in its history entry anyway.
FROM golang:1.22
# expect: LL1001 col=5 msg~"GITHUB_TOKEN"
RUN apt-get update && apt-get install -y --no-install-recommends make
