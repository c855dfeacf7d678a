FROM python:3.12 AS base
RUN useradd -r -u 10001 app
USER app
# expect: LL2001 col=6 msg~"the last USER is 'root' in stage 'base'"
USER 10001:10001

FROM base AS tools
RUN apt-get update

FROM tools
COPY . /app
