# GIT_TOKEN is neither an ARG nor an ENV of this Dockerfile: it expands to nothing at build time,
# so the ~/.gitconfig written here holds no secret (kics passwords_and_secrets negative45).
FROM alpine:3.20
RUN apk add --no-cache git \
    && git config \
    --global \
    url."https://${GIT_USER}:${GIT_TOKEN}@github.com".insteadOf \
    "https://github.com"
