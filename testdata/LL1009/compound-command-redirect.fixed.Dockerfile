# The redirect after a compound command takes the output of every command in it: the token ends up
# in .npmrc however the lines are grouped.
FROM node:20
# expect: LL1009 msg~"/root/.npmrc"
RUN --mount=type=secret,id=npm_token,required=true export NPM_TOKEN="$(cat /run/secrets/npm_token)" && { echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}"; echo "always-auth=true"; } > /root/.npmrc && npm ci && rm -f /root/.npmrc
# expect: LL1009 msg~"/root/.netrc"
RUN --mount=type=secret,id=npm_token,required=true export NPM_TOKEN="$(cat /run/secrets/npm_token)" && (echo "machine github.com login ci password ${NPM_TOKEN}") > /root/.netrc && rm -f /root/.netrc
# expect: LL1009 msg~"/root/.token"
RUN --mount=type=secret,id=npm_token,required=true export NPM_TOKEN="$(cat /run/secrets/npm_token)" && if [ -n "$NPM_TOKEN" ]; then echo "$NPM_TOKEN"; fi > /root/.token && rm -f /root/.token
# expect: LL1009 msg~"/root/.tokens"
RUN --mount=type=secret,id=npm_token,required=true export NPM_TOKEN="$(cat /run/secrets/npm_token)" && for registry in npmjs.org github.com; do echo "//${registry}/:_authToken=${NPM_TOKEN}"; done >> /root/.tokens && rm -f /root/.tokens
