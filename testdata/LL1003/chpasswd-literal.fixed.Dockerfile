# A password set through chpasswd on the command line is a literal credential.
FROM ubuntu:24.04
# expect: LL1003 col=37 severity=error
RUN --mount=type=secret,id=secret_token,required=true export SECRET_TOKEN="$(cat /run/secrets/secret_token)" && useradd -m admin && echo 'admin:'"${SECRET_TOKEN}"'' | chpasswd
