FROM ubuntu:24.04
# expect: LL2002 col=6 msg~"exec-form"
RUN ["sudo", "apt-get", "update"]
