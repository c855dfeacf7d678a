# Written to /tmp, but removed before the RUN ends: nothing ships.
FROM alpine:3.20
RUN wget -q -O /tmp/secret.txt http://localhost:8000/secret.txt && test -s /tmp/secret.txt && rm /tmp/secret.txt
