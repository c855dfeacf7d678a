# The token only passes through a secret mount's env=: it is never a build argument.
FROM node:20
WORKDIR /app
COPY package.json package-lock.json .npmrc.template ./
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
