# Without the build context the script cannot be read; the stage installs gosu, which its
# entrypoint runs first (the official database images): info.
# expect: LL2001 col=6 severity=info msg~"installs gosu and its entrypoint docker-entrypoint.sh"
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
