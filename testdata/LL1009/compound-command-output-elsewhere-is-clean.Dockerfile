# Inside the braces, the token goes to a file the RUN removes; what reaches .npmrc carries no secret.
FROM node:20
ARG NPM_TOKEN
RUN { echo "${NPM_TOKEN}" > /tmp/token; echo "registry=https://registry.npmjs.org/"; } > /root/.npmrc && npm ci && rm /tmp/token
RUN { { echo "${NPM_TOKEN}"; } > /tmp/inner; echo ok; } > /root/.status && rm /tmp/inner
