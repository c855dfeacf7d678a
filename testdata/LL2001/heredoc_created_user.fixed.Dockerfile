FROM alpine:3.20
RUN <<EOF
apk add --no-cache curl
adduser -S -D -H worker
EOF
# expect: LL2001 col=6 msg~"the last USER is '0'"
USER worker
