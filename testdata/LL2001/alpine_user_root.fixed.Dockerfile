FROM alpine:3.20
RUN apk add --no-cache curl
# expect: LL2001 col=6 msg~"the last USER is 'root'"
RUN addgroup -S app && adduser -S -D -H -G app app
USER app
CMD ["curl", "--version"]
