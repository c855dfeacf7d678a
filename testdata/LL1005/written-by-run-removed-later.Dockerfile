# A RUN writes the token file; a later RUN deletes it; the first layer keeps it.
FROM node:20
ARG NPM_TOKEN
# expect: LL1005 col=60 msg~".npmrc"
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc
RUN npm ci
RUN rm /root/.npmrc
