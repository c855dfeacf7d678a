# A secret-named ARG with a literal token default: one finding for the ARG, at its name.
FROM node:20
# expect: LL1001 col=5 severity=error msg~"NPM_TOKEN"
RUN --mount=type=secret,id=npm_token,required=true export NPM_TOKEN="$(cat /run/secrets/npm_token)" && npm ci
