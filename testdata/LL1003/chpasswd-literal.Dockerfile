# A password set through chpasswd on the command line is a literal credential.
FROM ubuntu:24.04
# expect: LL1003 col=37 severity=error
RUN useradd -m admin && echo 'admin:Adm1n-Pa55word' | chpasswd
