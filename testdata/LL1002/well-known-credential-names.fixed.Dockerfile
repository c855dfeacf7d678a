# Composer's auth and Bundler's per-host credentials are secrets by name alone.
FROM composer:2
# expect: LL1002 col=5 msg~"COMPOSER_AUTH"
# expect: LL1002 col=5 msg~"BUNDLE_GEMS__CONTRIBSYS__COM"
# Bundler's per-gem build options are not credentials.
ENV BUNDLE_BUILD__PG=--with-pg-config=/usr/bin/pg_config
