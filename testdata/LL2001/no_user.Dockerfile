# expect: LL2001 col=6 msg~"no USER after FROM node:20"
FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
CMD ["node", "server.js"]
