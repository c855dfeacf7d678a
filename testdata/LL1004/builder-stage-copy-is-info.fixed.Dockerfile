# The builder's layers are not shipped: only its build output is copied to the final stage.
FROM node:20 AS build
WORKDIR /app
# expect: LL1004 col=6 severity=info msg~".npmrc"
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/app/.npmrc,required=true npm ci && npm run build

FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
