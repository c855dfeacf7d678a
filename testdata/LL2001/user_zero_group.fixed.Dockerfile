FROM debian:12
# expect: LL2001 col=6 msg~"'0:1000'"
USER 10001:10001
