# curl from a host named like a secrets server, into ~/.npmrc through a redirect.
FROM node:20-alpine
WORKDIR /app
COPY package.json ./
# expect: LL1010 msg~"/root/.npmrc"
RUN curl -fsS http://secrets-server:8000/npmrc > /root/.npmrc && npm install && rm -f /root/.npmrc
