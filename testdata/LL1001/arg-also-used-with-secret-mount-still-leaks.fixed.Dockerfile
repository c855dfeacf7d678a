# Mounting the secret does not help while the same name is also declared as an ARG in scope.
FROM node:20
# expect: LL1001 col=5 msg~"NPM_TOKEN"
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
