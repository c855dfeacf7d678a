FROM ubuntu:24.04
RUN <<EOF
set -e
# expect: LL2002 line=5 col=1 msg~"'sudo apt-get'"
apt-get update
EOF
RUN cat <<EOF > /usr/local/bin/run.sh
sudo exec "$@"
EOF
