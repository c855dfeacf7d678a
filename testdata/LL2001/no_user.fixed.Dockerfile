# expect: LL2001 col=6 msg~"no USER after FROM node:20"
FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
RUN groupadd --system app && useradd --system --gid app --no-create-home app
USER app
CMD ["node", "server.js"]
