# The seed's network pattern done wrong: the secret is fetched from the build's secrets server into
# /tmp, used, and left there.
FROM alpine:3.20
# expect: LL1010 col=16 msg~"/tmp/secret.txt"
RUN wget -q -O /tmp/secret.txt http://localhost:8000/secret.txt && cat /tmp/secret.txt > /dev/null
