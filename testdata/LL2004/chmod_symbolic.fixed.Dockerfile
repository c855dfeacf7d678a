FROM debian:12
# expect: LL2004 col=11 msg~"chmod o+w makes /data"
RUN chmod o+w /data
# expect: LL2004 col=11 msg~"chmod a+rwx"
RUN chmod u+rwx,go+rx /data
# expect: LL2004 col=14 msg~"chmod -R ugo+w"
RUN chmod -R u+w /data
# expect: LL2004 col=11 msg~"o=rwx"
RUN chmod o=rx /data
# expect: LL2004 col=36 msg~"the paths found"
RUN find /data -type d -exec chmod 755 {} +
