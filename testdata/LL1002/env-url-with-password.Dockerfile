# A connection URL with a literal password, stored in the image configuration.
FROM node:20
# expect: LL1002 col=5 msg~"DATABASE_URL"
ENV DATABASE_URL=postgres://app:Zx9-k2Lm-Qw77@db:5432/app
