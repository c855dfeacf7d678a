# PYPI_TOKEN comes from a secret mount's env=: the right way, not flagged.
FROM python:3.12-slim
RUN --mount=type=secret,id=pypi_token,env=PYPI_TOKEN \
    pip install --no-cache-dir --index-url "https://__token__:${PYPI_TOKEN}@pypi.example.com/simple" acme-lib
