# `mysql -pPASSWORD` puts the password on the command line.
FROM mysql:8.4
# expect: LL1003 col=20 severity=error
RUN --mount=type=secret,id=secret_token,required=true export SECRET_TOKEN="$(cat /run/secrets/secret_token)" && mysql -uroot -p${SECRET_TOKEN} -e "CREATE DATABASE app"
