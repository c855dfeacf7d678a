# expect: LL2001 col=6 msg~"no USER after FROM debian:12"
FROM debian:12
RUN useradd --system --uid 10001 svc
COPY svc /usr/local/bin/svc
CMD ["svc"]
