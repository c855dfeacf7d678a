# Promoting a secret ARG to an ENV of the same name keeps it in the image config.
FROM node:20
ARG NPM_TOKEN
# expect: LL1002 col=5 msg~"NPM_TOKEN"
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
