# The password comes from a build argument: it is in the history, a warning.
FROM golang:1.22
ENV GOPRIVATE=github.com/acme/*
# expect: LL1006 col=39 severity=warning
RUN --mount=type=secret,id=github_token,required=true export GITHUB_TOKEN="$(cat /run/secrets/github_token)" && git clone "https://x-access-token:${GITHUB_TOKEN}@github.com/acme/lib.git" /go/src/lib && git -C /go/src/lib remote set-url origin "https://github.com/acme/lib.git"
