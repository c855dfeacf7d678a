# Promoting a secret ARG to an ENV of the same name keeps it in the image config.
FROM node:20
# expect: LL1002 col=5 msg~"NPM_TOKEN"
RUN --mount=type=secret,id=npm_token,required=true export NPM_TOKEN="$(cat /run/secrets/npm_token)" && npm ci
