# LL1003 is an error in every stage: the Dockerfile itself holds the secret, shipped or not.
FROM node:20 AS build
WORKDIR /app
# expect: LL1003 col=53 severity=error
RUN npm config set //registry.npmjs.org/:_authToken npm_Q7w2Er9Ty4Ui1Op6As3Df8Gh5Jk0Lz2Xc7Vb && npm ci && mkdir -p dist

FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
