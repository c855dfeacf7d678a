FROM debian:12
# expect: LL2004 col=14 msg~"COPY --chmod=777 makes /entrypoint.sh writable by every user"
COPY --chmod=755 entrypoint.sh /entrypoint.sh
# expect: LL2004 col=13 msg~"ADD --chmod=o+w"
ADD --chmod=o+w data.tar /data/
COPY --chmod=755 run.sh /run.sh
