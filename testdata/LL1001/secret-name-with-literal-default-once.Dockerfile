# A secret-named ARG with a literal token default: one finding for the ARG, at its name.
FROM node:20
# expect: LL1001 col=5 severity=error msg~"NPM_TOKEN"
ARG NPM_TOKEN=npm_Q7w2Er9Ty4Ui1Op6As3Df8Gh5Jk0Lz2Xc7Vb
RUN npm ci
