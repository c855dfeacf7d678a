# A password on the command line (curl -u user:pass) is a literal credential.
FROM alpine:3.20
# expect: LL1003 col=26 severity=error
RUN --mount=type=secret,id=secret_token,required=true export SECRET_TOKEN="$(cat /run/secrets/secret_token)" && curl -fsSL -u deploy:${SECRET_TOKEN} https://artifacts.example.com/app.tar.gz -o /tmp/app.tar.gz
