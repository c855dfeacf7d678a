# `npm config set` stores the token in ~/.npmrc.
FROM node:20
# expect: LL1009 msg~"npmrc"
RUN --mount=type=secret,id=npm_token,required=true export NPM_TOKEN="$(cat /run/secrets/npm_token)" && npm config set //registry.npmjs.org/:_authToken "${NPM_TOKEN}" && npm ci && rm -f /root/.npmrc
