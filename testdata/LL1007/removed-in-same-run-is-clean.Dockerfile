# The copy is deleted within the same RUN: it never reaches a layer.
FROM node:20
RUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc && npm ci && rm -f /root/.npmrc
