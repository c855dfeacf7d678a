#!/bin/sh
# TODO: use gosu here
exec "$@"
