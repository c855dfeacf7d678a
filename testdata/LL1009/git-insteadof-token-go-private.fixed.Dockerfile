# Go private modules: the token is kept in ~/.gitconfig by `git config --global`.
FROM golang:1.22
ENV GOPRIVATE=github.com/acme/*
# expect: LL1009 msg~"gitconfig"
RUN --mount=type=secret,id=github_token,required=true export GITHUB_TOKEN="$(cat /run/secrets/github_token)" && git config --global url."https://${GITHUB_TOKEN}:x-oauth-basic@github.com/".insteadOf "https://github.com/" && go mod download && rm -f /root/.gitconfig
