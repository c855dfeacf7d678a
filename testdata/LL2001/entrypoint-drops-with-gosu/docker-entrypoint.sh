#!/bin/sh
set -e
if [ "$(id -u)" = '0' ]; then
  chown -R db:db /var/lib/db
  exec gosu db "$0" "$@"
fi
exec "$@"
