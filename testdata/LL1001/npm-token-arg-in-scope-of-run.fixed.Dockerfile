# A secret-named build argument in scope of a RUN is written into that step's history entry.
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
# expect: LL1001 col=5 msg~"NPM_TOKEN"
RUN --mount=type=secret,id=npm_token,required=true export NPM_TOKEN="$(cat /run/secrets/npm_token)" && npm ci --omit=dev
COPY . .
CMD ["node", "server.js"]
