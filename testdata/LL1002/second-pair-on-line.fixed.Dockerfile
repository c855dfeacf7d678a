# Only the secret pair of a multi-pair ENV is flagged, at its own name.
FROM node:20
# expect: LL1002 col=25 msg~"NPM_CONFIG__AUTH"
ENV NODE_ENV=production
RUN --mount=type=secret,id=npm_config__auth,required=true export NPM_CONFIG__AUTH="$(cat /run/secrets/npm_config__auth)" && npm ci --omit=dev
