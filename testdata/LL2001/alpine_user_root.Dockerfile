FROM alpine:3.20
RUN apk add --no-cache curl
# expect: LL2001 col=6 msg~"the last USER is 'root'"
USER root
CMD ["curl", "--version"]
