FROM ubuntu:24.04
# expect: LL2002 col=5 msg~"'sudo apt-get'"
# expect: LL2002 col=28 msg~"'sudo apt-get'"
RUN apt-get update && apt-get install -y curl
# expect: LL2002 col=30 msg~"sudo in a RUN: 'sudo rm'"
RUN if [ -f /x ]; then echo; rm /x; fi
# expect: LL2002 col=13 msg~"'sudo cat'"
RUN echo "$(cat /etc/shadow)"
RUN apt-get update && \
# expect: LL2002 col=5 msg~"'sudo make'"
    sudo -u app make install
# expect: LL2002 col=21 msg~"'sudo chown'"
RUN find /app -exec chown app {} +
