FROM debian:12
# expect: LL2004 col=11 msg~"chmod 777 makes /app writable by every user"
RUN chmod 755 /app
# expect: LL2004 col=14 msg~"chmod -R 777 makes /app writable"
RUN chmod -R 755 /app
# expect: LL2004 col=11 msg~"chmod 0666 makes /etc/app.conf"
RUN chmod 0644 /etc/app.conf
# expect: LL2004 col=42 msg~"/srv/a and /srv/b"
RUN mkdir -p /srv/a /srv/b && sudo chmod 755 /srv/a /srv/b
