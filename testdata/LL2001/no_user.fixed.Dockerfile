# expect: LL2001 col=6 msg~"no USER after FROM node:20"
FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
RUN groupadd -r -g 10001 app && useradd -r -u 10001 -g app app
USER 10001:10001
CMD ["node", "server.js"]
