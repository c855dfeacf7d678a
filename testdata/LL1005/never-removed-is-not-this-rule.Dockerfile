# A secret that is copied and never removed is LL1004's; this rule needs a later removal.
FROM node:20
COPY .npmrc /root/.npmrc
RUN npm ci
