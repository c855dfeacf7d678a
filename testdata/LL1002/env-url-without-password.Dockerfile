# A URL without credentials is configuration, not a secret.
FROM node:20
ENV DATABASE_URL=postgres://db:5432/app
ENV REGISTRY_URL=https://registry.npmjs.org/
