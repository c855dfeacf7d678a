# A GitHub personal access token as a build argument default.
FROM golang:1.22
# expect: LL1003 col=18 severity=error
ARG GITHUB_TOKEN=ghp_R8mZt2KqW5vXy7Lp3Nc9Hd4Jf6Bs1Ag0QeTu
RUN go mod download
