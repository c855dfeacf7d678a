FROM ubuntu:24.04
RUN apt-get update && apt-get install -y sudo && echo sudo
RUN echo "use sudo to become root"
RUN usermod -aG sudo app && groupadd sudo2
