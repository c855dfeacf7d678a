# expect: LL2001 col=6 msg~"no USER after FROM myorg/base:1.4"
FROM myorg/base:1.4
COPY app /srv/app
CMD ["/srv/app"]
