# The file is written and removed within one RUN (no file leak), but the ARG itself is still in
# the history entry.
FROM node:20
# expect: LL1001 col=5 msg~"NPM_TOKEN"
RUN --mount=type=secret,id=npm_token,required=true export NPM_TOKEN="$(cat /run/secrets/npm_token)" && echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm -f .npmrc
