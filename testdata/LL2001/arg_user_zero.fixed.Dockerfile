FROM debian:12
ARG APP_UID=0
# expect: LL2001 col=6 msg~"'${APP_UID}' (0)"
USER 10001:10001
