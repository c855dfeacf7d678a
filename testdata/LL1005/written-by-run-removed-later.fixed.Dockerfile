# A RUN writes the token file; a later RUN deletes it; the first layer keeps it.
FROM node:20
# expect: LL1005 col=60 msg~".npmrc"
RUN --mount=type=secret,id=npm_token,required=true export NPM_TOKEN="$(cat /run/secrets/npm_token)" && echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc && npm ci && rm -f /root/.npmrc
