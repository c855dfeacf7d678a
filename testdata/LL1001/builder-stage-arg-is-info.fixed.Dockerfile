# The builder's history is not shipped: only the runtime stage and its FROM ancestors ship.
FROM node:20 AS builder
WORKDIR /src
# expect: LL1001 col=5 severity=info msg~"NPM_TOKEN"
RUN --mount=type=secret,id=npm_token,required=true export NPM_TOKEN="$(cat /run/secrets/npm_token)" && npm ci && npm run build

FROM nginx:1.27-alpine
COPY --from=builder /src/dist /usr/share/nginx/html
