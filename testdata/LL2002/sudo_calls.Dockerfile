FROM ubuntu:24.04
# expect: LL2002 col=5 msg~"'sudo apt-get'"
# expect: LL2002 col=31 msg~"'sudo apt-get'"
RUN sudo apt-get update && sudo apt-get install -y curl
# expect: LL2002 col=29 msg~"sudo in a RUN"
RUN if [ -f /x ]; then echo; sudo rm /x; fi
# expect: LL2002 col=12
RUN echo "$(sudo cat /etc/shadow)"
RUN apt-get update && \
# expect: LL2002 line=12 col=5 msg~"'sudo -u'"
    sudo -u app make install
