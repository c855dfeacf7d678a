# Redeclaring the global ARG inside the stage brings it into scope of the RUN.
ARG GITLAB_TOKEN
FROM golang:1.22
# expect: LL1001 col=5 msg~"GITLAB_TOKEN"
ENV GOPRIVATE=gitlab.com/acme/*
RUN go mod download
