FROM debian:12
# expect: LL2001 col=6 msg~"the last USER is '0'"
RUN groupadd --system app && useradd --system --gid app --no-create-home app
USER app
