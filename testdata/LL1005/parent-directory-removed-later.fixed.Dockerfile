# `rm -rf` of the parent directory removes the key, in a later layer.
FROM golang:1.22
# expect: LL1005 col=6 msg~"id_ed25519"
RUN --mount=type=ssh,required=true mkdir -p -m 0700 ~/.ssh && ssh-keyscan github.com >> ~/.ssh/known_hosts && git config --global url."git@github.com:".insteadOf "https://github.com/" && go mod download
