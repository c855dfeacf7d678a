# A global ARG before FROM is only in scope of FROM lines; the stage never redeclares it,
# so no RUN sees it.
ARG NPM_TOKEN
ARG NODE_VERSION=20
FROM node:${NODE_VERSION}-alpine
RUN npm ci
