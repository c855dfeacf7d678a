# An ONBUILD trigger runs in every image built FROM this one, with its literal.
FROM alpine:3.20
# expect: LL1003 col=43 msg~"in ONBUILD RUN"
ONBUILD RUN --mount=type=secret,id=password,required=true export PASSWORD="$(cat /run/secrets/password)" && wget --user=deploy --password=${PASSWORD} https://repo.example.com/app.tgz
