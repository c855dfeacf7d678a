# A download from a public host is not a secrets-server fetch.
FROM alpine:3.20
RUN wget -q -O /tmp/app.tgz https://example.com/app.tgz && rm /tmp/app.tgz
