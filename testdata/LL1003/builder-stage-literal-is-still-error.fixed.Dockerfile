# LL1003 is an error in every stage: the Dockerfile itself holds the secret, shipped or not.
FROM node:20 AS build
WORKDIR /app
# expect: LL1003 col=53 severity=error
RUN --mount=type=secret,id=npm_token,required=true export NPM_TOKEN="$(cat /run/secrets/npm_token)" && npm config set //registry.npmjs.org/:_authToken ${NPM_TOKEN} && npm ci && mkdir -p dist && rm -f /root/.npmrc

FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
