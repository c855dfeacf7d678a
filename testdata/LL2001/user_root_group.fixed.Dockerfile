FROM debian:12
# expect: LL2001 col=6 msg~"the last USER is 'root:staff'"
USER 10001:10001
