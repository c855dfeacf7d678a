# The base stage is a FROM ancestor of the final stage: its layers and history ship.
FROM python:3.12-slim AS base
# expect: LL1001 col=5 severity=warning msg~"PIP_PASSWORD"
RUN pip install --no-cache-dir poetry

FROM base AS app
COPY . /app
CMD ["python", "-m", "app"]
