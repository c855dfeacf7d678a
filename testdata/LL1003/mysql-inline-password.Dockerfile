# `mysql -pPASSWORD` puts the password on the command line.
FROM mysql:8.4
# expect: LL1003 col=20 severity=error
RUN mysql -uroot -pR00tPassw0rd42 -e "CREATE DATABASE app"
