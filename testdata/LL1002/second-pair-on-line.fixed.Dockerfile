# Only the secret pair of a multi-pair ENV is flagged, at its own name.
FROM node:20
ARG NPM_TOKEN
# expect: LL1002 col=25 msg~"NPM_CONFIG__AUTH"
ENV NODE_ENV=production NPM_CONFIG__AUTH=$NPM_TOKEN
RUN --mount=type=secret,id=npm_config__auth,env=NPM_CONFIG__AUTH --mount=type=secret,id=npm_config__auth,env=NPM_CONFIG__AUTH --mount=type=secret,id=npm_config__auth,env=NPM_CONFIG__AUTH --mount=type=secret,id=npm_config__auth,env=NPM_CONFIG__AUTH --mount=type=secret,id=npm_config__auth,env=NPM_CONFIG__AUTH --mount=type=secret,id=npm_config__auth,env=NPM_CONFIG__AUTH --mount=type=secret,id=npm_config__auth,env=NPM_CONFIG__AUTH --mount=type=secret,id=npm_config__auth,env=NPM_CONFIG__AUTH npm ci --omit=dev
