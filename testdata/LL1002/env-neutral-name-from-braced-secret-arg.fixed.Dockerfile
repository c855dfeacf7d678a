# A neutral name whose value interpolates a secret ARG (braced, inside a longer string) still stores it.
FROM node:20
# expect: LL1002 col=5 msg~"NODE_AUTH_HEADER"
RUN npm ci
