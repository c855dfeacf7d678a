FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /out/app .

# expect: LL2001 col=6 msg~"no USER after FROM scratch"
FROM scratch
COPY --from=build /out/app /app
USER 65532:65532
ENTRYPOINT ["/app"]
