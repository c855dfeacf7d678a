# Written and removed within one RUN, the removal behind `env`: no layer holds the file.
FROM node:20
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc && npm ci && env -u NPM_TOKEN rm -f /root/.npmrc
