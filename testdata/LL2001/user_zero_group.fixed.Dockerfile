FROM debian:12
# expect: LL2001 col=6 msg~"'0:1000'"
RUN groupadd --system app && useradd --system --gid app --no-create-home app
USER app
