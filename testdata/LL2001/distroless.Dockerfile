FROM golang:1.22 AS build
RUN go build -o /out/app .

# expect: LL2001 col=6 msg~"no USER after FROM gcr.io/distroless/static-debian12"
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
