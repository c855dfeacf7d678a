# expect: LL2001 col=6 msg~"no USER after FROM ubuntu:24.04"
FROM ubuntu:24.04
  RUN apt-get update && apt-get install -y --no-install-recommends curl
  COPY run.sh /run.sh
  CMD ["/run.sh"]
