# The token from a build argument is written to ~/.npmrc and never removed.
FROM node:20
ARG NPM_TOKEN
# expect: LL1009 col=60 msg~".npmrc"
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc && npm ci
