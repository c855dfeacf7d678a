# The persisted copy is in a builder layer that does not ship.
FROM node:20 AS build
WORKDIR /app
# expect: LL1007 col=56 severity=info
RUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /app/.npmrc && npm ci && npm run build && rm -f /app/.npmrc

FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
