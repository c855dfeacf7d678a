FROM alpine:3.20 AS base
RUN apk add --no-cache tini

# expect: LL2001 col=6 msg~"no USER after FROM base"
FROM base AS app
WORKDIR /srv
COPY . .
ENTRYPOINT ["tini", "--", "/srv/run"]
