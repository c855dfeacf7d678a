# options: target=runtime
FROM alpine:3.20 AS runtime
RUN adduser -S -u 10001 app
USER 10001

FROM runtime AS debug
USER root
