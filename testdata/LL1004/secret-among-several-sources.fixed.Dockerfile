# Only the secret source of a multi-source COPY is flagged, at its own column.
FROM node:20
WORKDIR /app
# expect: LL1004 col=55 msg~".npmrc"
COPY --chown=node:node package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/app/.npmrc,required=true npm ci
