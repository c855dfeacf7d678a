# An ADD source URL with a literal password.
FROM alpine:3.20
# expect: LL1006 col=19 severity=error
ADD https://build:p4ssw0rdXYZ@artifacts.example.com/releases/app-1.2.3.tar.gz /opt/app.tar.gz
