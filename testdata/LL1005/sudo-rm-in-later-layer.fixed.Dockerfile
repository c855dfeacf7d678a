# The removal runs behind sudo: it is still a removal (the command effects are read through
# sudo, env and xargs), and the key is still in the COPY layer.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends git sudo openssh-client && rm -rf /var/lib/apt/lists/*
# expect: LL1005 col=6 msg~"id_rsa"
RUN --mount=type=ssh,required=true mkdir -p -m 0700 ~/.ssh && ssh-keyscan github.com >> ~/.ssh/known_hosts && git clone git@github.com:acme/private.git /src || true
