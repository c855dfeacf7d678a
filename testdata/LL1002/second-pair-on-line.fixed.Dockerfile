# Only the secret pair of a multi-pair ENV is flagged, at its own name.
FROM node:20
ARG NPM_TOKEN
# expect: LL1002 col=25 msg~"NPM_CONFIG__AUTH"
ENV NODE_ENV=production
RUN npm ci --omit=dev
