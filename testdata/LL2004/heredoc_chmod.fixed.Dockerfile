FROM debian:12
RUN <<EOF
mkdir -p /app
# expect: LL2004 line=5 col=10
chmod -R 755 /app
EOF
RUN cat <<EOF > /usr/local/bin/fix-perms
chmod 777 /app
EOF
