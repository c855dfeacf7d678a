# A shell variable derived from an ordinary build argument.
FROM alpine:3.20
WORKDIR /app
ARG APP_VERSION=1.0
RUN V="v$APP_VERSION" && echo "$V" > /app/VERSION
