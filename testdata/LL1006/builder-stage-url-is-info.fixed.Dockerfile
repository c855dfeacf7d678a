# The builder does not ship: its history is not in the final image.
FROM alpine/git:2.45.2 AS src
# expect: LL1006 col=30 severity=info
RUN --mount=type=secret,id=gitlab_token,required=true export GITLAB_TOKEN="$(cat /run/secrets/gitlab_token)" && git clone https://oauth2:$GITLAB_TOKEN@gitlab.com/acme/app.git /src && git -C /src remote set-url origin https://gitlab.com/acme/app.git

FROM node:20-alpine
COPY --from=src /src /app
