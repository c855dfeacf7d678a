# The remedy: fetched into /dev/shm, used and removed, all in one RUN.
FROM alpine:3.20
RUN wget -qO /dev/shm/token http://127.0.0.1:8080/token && test -s /dev/shm/token && rm -f /dev/shm/token
