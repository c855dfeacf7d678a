# options: target=build
# expect: LL2001 col=6 msg~"no USER after FROM golang:1.22"
FROM golang:1.22 AS build
RUN go build -o /out/app .
RUN groupadd -r -g 10001 app && useradd -r -u 10001 -g app app
USER 10001:10001

FROM alpine:3.20
COPY --from=build /out/app /app
USER 10001
