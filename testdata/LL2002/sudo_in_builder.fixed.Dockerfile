FROM ubuntu:24.04 AS build
# expect: LL2002 col=5 severity=info
RUN make

FROM ubuntu:24.04
COPY --from=build /out /out
