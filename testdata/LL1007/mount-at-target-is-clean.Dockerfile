# The secret is mounted where the tool reads it; nothing is copied.
FROM node:20
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
RUN --mount=type=secret,id=pypi_token,env=PYPI_TOKEN pip install --index-url "https://__token__:${PYPI_TOKEN}@pypi.example.com/simple" acme-lib
RUN --mount=type=ssh git clone git@github.com:acme/private.git /src
