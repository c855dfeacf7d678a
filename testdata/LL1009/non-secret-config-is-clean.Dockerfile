# Writing configuration without any secret in it.
FROM node:20
ARG REGISTRY=https://registry.npmjs.org/
RUN echo "registry=${REGISTRY}" > /root/.npmrc && echo "fund=false" >> /root/.npmrc && npm ci
