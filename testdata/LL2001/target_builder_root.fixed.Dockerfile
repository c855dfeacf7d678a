# options: target=build
# expect: LL2001 col=6 msg~"no USER after FROM golang:1.22"
FROM golang:1.22 AS build
RUN go build -o /out/app .
RUN groupadd --system app && useradd --system --gid app --no-create-home app
USER app

FROM alpine:3.20
COPY --from=build /out/app /app
USER 10001
