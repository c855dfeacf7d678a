# expect: LL2001 col=6 msg~"no USER after FROM alpine:3.20"
FROM alpine:3.20
RUN apk add --no-cache ca-certificates
COPY app /usr/local/bin/app
RUN addgroup -S app && adduser -S -D -H -G app app
USER app
CMD ["app"]
