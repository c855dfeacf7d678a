ARG BASE
# expect: LL2001 col=6 msg~"no USER after FROM ${BASE}"
FROM ${BASE}
COPY app /srv/app
