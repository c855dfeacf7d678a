# Written in a builder that does not ship.
FROM golang:1.22 AS build
# expect: LL1009 col=79 severity=info
RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN echo "machine github.com login x-access-token password ${GITHUB_TOKEN}" > /root/.netrc && go mod download && go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
