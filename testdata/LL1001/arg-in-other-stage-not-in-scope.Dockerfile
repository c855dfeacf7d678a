# An ARG is scoped to its stage: the RUN in the second stage does not see the first stage's ARG,
# and the first stage has no RUN after it.
FROM alpine:3.20 AS config
ARG SENTRY_AUTH_TOKEN
COPY sentry.properties /sentry.properties

FROM alpine:3.20
COPY --from=config /sentry.properties /etc/sentry.properties
RUN apk add --no-cache ca-certificates
