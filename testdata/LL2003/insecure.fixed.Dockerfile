# syntax=docker/dockerfile:1-labs
FROM ubuntu:24.04
# expect: LL2003 col=5 severity=error msg~"RUN --security=insecure grants the build step full host privileges"
RUN mount -t tmpfs none /mnt
# expect: LL2003 col=34
RUN --mount=type=cache,target=/c make
