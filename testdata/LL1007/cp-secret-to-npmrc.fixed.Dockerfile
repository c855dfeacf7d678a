# Copying the mounted secret to a regular path writes it into the layer.
FROM node:20
# expect: LL1007 col=56 msg~".npmrc"
RUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc && npm ci && rm -f /root/.npmrc
