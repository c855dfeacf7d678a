# The name says nothing, but the default value is a literal GitHub token: any ARG with a
# literal secret default fires.
FROM alpine:3.20
# expect: LL1001 col=5 msg~"BUILD_HELPER"
ARG BUILD_HELPER=ghp_R8mZt2KqW5vXy7Lp3Nc9Hd4Jf6Bs1Ag0QeTu
RUN apk add --no-cache git
