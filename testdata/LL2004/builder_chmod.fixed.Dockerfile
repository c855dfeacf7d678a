FROM debian:12 AS build
# expect: LL2004 col=11 severity=info
RUN chmod 755 /src

FROM debian:12
COPY --from=build /src/out /out
