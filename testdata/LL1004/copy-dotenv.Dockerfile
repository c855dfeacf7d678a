# A .env file with runtime credentials baked into the image.
FROM node:20-alpine
WORKDIR /app
COPY package.json server.js ./
# expect: LL1004 col=6 msg~".env"
COPY .env /app/.env
CMD ["node", "server.js"]
