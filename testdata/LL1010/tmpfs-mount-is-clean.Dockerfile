# syntax=docker/dockerfile:1
# Written into a tmpfs mount of the RUN, which is not part of the layer.
FROM alpine:3.20
RUN --mount=type=tmpfs,target=/secrets wget -qO /secrets/token http://localhost:8000/token && test -s /secrets/token
