FROM alpine:3.19 AS base
RUN --mount=type=secret,id=tok \
    TOKEN=$(cat /run/secrets/tok) \
    # inner comment

    make
COPY <<EOF /etc/app.conf
key=value
EOF
ENV A=1 B="x y"
ONBUILD RUN echo hi
HEALTHCHECK CMD ["curl", "-f", "http://localhost"]
