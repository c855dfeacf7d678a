# `npm config set` stores the token in ~/.npmrc.
FROM node:20
ARG NPM_TOKEN
# expect: LL1009 msg~"npmrc"
RUN npm config set //registry.npmjs.org/:_authToken "${NPM_TOKEN}" && npm ci
