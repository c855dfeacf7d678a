# options: build-arg=RUN_AS=root
FROM debian:12
ARG RUN_AS=app
# expect: LL2001 col=6 msg~"(root)"
USER 10001:10001
