# The token from a build argument is written to ~/.npmrc and never removed.
FROM node:20
# expect: LL1009 col=60 msg~".npmrc"
RUN --mount=type=secret,id=npm_token,required=true export NPM_TOKEN="$(cat /run/secrets/npm_token)" && echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc && npm ci && rm -f /root/.npmrc
