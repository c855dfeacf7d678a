# Removed by a later RUN: the file is still in a layer, but that is LL1005's finding, not this one.
FROM node:20
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc
RUN npm ci
RUN rm -f /root/.npmrc
