# An ONBUILD trigger runs in every image built FROM this one, with its literal.
FROM alpine:3.20
# expect: LL1003 col=43 msg~"in ONBUILD RUN"
ONBUILD RUN wget --user=deploy --password=S3cretPassw0rd https://repo.example.com/app.tgz
