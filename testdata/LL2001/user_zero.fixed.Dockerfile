FROM debian:12
# expect: LL2001 col=6 msg~"the last USER is '0'"
USER 10001:10001
