# A secret-named ARG with a literal token default: one finding for the ARG, at its name.
FROM node:20
# expect: LL1001 col=5 severity=error msg~"NPM_TOKEN"
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
