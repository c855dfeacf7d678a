# Composer's auth and Bundler's per-host credentials are secrets by name alone.
FROM composer:2
# expect: LL1002 col=5 msg~"COMPOSER_AUTH"
ENV COMPOSER_AUTH='{"http-basic": {"repo.acme.io": {"username": "ci", "password": "Rp9-vT4x-Lq2w"}}}'
# expect: LL1002 col=5 msg~"BUNDLE_GEMS__CONTRIBSYS__COM"
ENV BUNDLE_GEMS__CONTRIBSYS__COM=7f3a91c2:e84b5d06
# Bundler's per-gem build options are not credentials.
ENV BUNDLE_BUILD__PG=--with-pg-config=/usr/bin/pg_config
