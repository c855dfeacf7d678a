# A literal value for a secret-named ENV is stored in the image config.
FROM postgres:16
# expect: LL1002 col=5 msg~"POSTGRES_PASSWORD"
