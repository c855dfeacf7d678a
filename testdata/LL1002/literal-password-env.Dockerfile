# A literal value for a secret-named ENV is stored in the image config.
FROM postgres:16
# expect: LL1002 col=5 msg~"POSTGRES_PASSWORD"
ENV POSTGRES_PASSWORD=Pg-Pr0d-9xQ2vLm7
