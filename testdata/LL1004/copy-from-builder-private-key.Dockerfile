# COPY --from brings the key generated in the builder into the shipped stage.
FROM alpine:3.20 AS keys
RUN apk add --no-cache openssh-keygen && mkdir -p /keys && ssh-keygen -t ed25519 -N "" -f /keys/id_ed25519

FROM alpine:3.20
# expect: LL1004 col=18 msg~"id_ed25519"
COPY --from=keys /keys/id_ed25519 /home/app/.ssh/id_ed25519
