# The classic npm pattern: copy .npmrc, install, delete it in a later layer.
FROM node:20
WORKDIR /app
# expect: LL1005 col=6 msg~".npmrc"
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc,required=true npm ci --omit=dev
