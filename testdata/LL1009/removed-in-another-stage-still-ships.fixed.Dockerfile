# A removal in a stage that is not built FROM this one does not touch this stage's files: the
# .npmrc written in `app` ships.
FROM node:20 AS tools
RUN rm -f /root/.npmrc

FROM node:20 AS app
# expect: LL1009 msg~"/root/.npmrc"
RUN --mount=type=secret,id=npm_token,required=true export NPM_TOKEN="$(cat /run/secrets/npm_token)" && echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc && npm ci && rm -f /root/.npmrc
