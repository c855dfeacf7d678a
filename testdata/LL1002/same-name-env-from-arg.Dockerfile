# Promoting a secret ARG to an ENV of the same name keeps it in the image config.
FROM node:20
ARG NPM_TOKEN
# expect: LL1002 col=5 msg~"NPM_TOKEN"
ENV NPM_TOKEN=${NPM_TOKEN}
RUN npm ci
