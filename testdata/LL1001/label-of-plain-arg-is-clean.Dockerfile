# A label of an ordinary build argument.
FROM alpine:3.20
ARG VERSION=1.0
LABEL org.opencontainers.image.version=$VERSION
