# The .npmrc with its auth token is stored in the COPY layer.
FROM node:20
WORKDIR /app
# expect: LL1004 col=6 msg~".npmrc"
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc,required=true npm ci
