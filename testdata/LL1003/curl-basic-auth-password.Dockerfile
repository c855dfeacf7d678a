# A password on the command line (curl -u user:pass) is a literal credential.
FROM alpine:3.20
# expect: LL1003 col=26 severity=error
RUN curl -fsSL -u deploy:s3cr3tP4ssw0rd https://artifacts.example.com/app.tar.gz -o /tmp/app.tar.gz
