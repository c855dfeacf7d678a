FROM ubuntu:24.04 AS build
# expect: LL2003 col=5 severity=info
RUN make

FROM scratch
COPY --from=build /out /out
