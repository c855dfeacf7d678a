# The ENV copies a neutral build argument.
FROM golang:1.22
ARG VERSION=1.4.2
ENV APP_VERSION=${VERSION}
RUN go build -ldflags "-X main.version=${APP_VERSION}" ./...
