# Written in a builder that does not ship.
FROM golang:1.22 AS build
# expect: LL1009 col=79 severity=info
RUN --mount=type=secret,id=github_token,required=true export GITHUB_TOKEN="$(cat /run/secrets/github_token)" && echo "machine github.com login x-access-token password ${GITHUB_TOKEN}" > /root/.netrc && go mod download && go build -o /out/app ./cmd/app && rm -f /root/.netrc

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
