# The redirect after a compound command takes the output of every command in it: the token ends up
# in .npmrc however the lines are grouped.
FROM node:20
# expect: LL1009 msg~"/root/.npmrc"
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN { echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}"; echo "always-auth=true"; } > /root/.npmrc && npm ci
# expect: LL1009 msg~"/root/.netrc"
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN (echo "machine github.com login ci password ${NPM_TOKEN}") > /root/.netrc
# expect: LL1009 msg~"/root/.token"
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN if [ -n "$NPM_TOKEN" ]; then echo "$NPM_TOKEN"; fi > /root/.token
# expect: LL1009 msg~"/root/.tokens"
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN for registry in npmjs.org github.com; do echo "//${registry}/:_authToken=${NPM_TOKEN}"; done >> /root/.tokens
