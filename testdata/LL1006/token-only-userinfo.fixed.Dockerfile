# `https://TOKEN@host`: the whole userinfo is the credential.
FROM golang:1.22
# expect: LL1006 col=38 severity=error
RUN --mount=type=secret,id=url_password,required=true export URL_PASSWORD="$(cat /run/secrets/url_password)" && git config --global url."https://${URL_PASSWORD}@github.com/".insteadOf "https://github.com/" && rm -f /root/.gitconfig
