# The name says nothing, but the default value is a literal GitHub token: any ARG with a
# literal secret default fires.
FROM alpine:3.20
# expect: LL1001 col=5 msg~"BUILD_HELPER"
RUN apk add --no-cache git
