# `https://TOKEN@host`: the whole userinfo is the credential.
FROM golang:1.22
# expect: LL1006 col=38 severity=error
RUN --mount=type=secret,id=github_token,required=true export GITHUB_TOKEN="$(cat /run/secrets/github_token)" && git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/" && rm -f /root/.gitconfig
