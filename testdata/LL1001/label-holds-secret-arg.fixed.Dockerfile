# The label copies the token into the image's configuration: no RUN needed.
FROM alpine:3.20
ARG DEPLOY_TOKEN
# expect: LL1001 col=19 msg~"LABEL build.token holds build argument DEPLOY_TOKEN"
LABEL org.opencontainers.image.title=app
