# A connection URL with a literal password, stored in the image configuration.
FROM node:20
# expect: LL1002 col=5 msg~"DATABASE_URL"
