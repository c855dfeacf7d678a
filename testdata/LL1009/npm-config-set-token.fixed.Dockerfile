# `npm config set` stores the token in ~/.npmrc.
FROM node:20
# expect: LL1009 msg~"npmrc"
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm config set //registry.npmjs.org/:_authToken "${NPM_TOKEN}" && npm ci
