FROM ubuntu:24.04
RUN echo "app ALL=(root) /usr/bin/systemctl" > /etc/sudoers.d/app
RUN echo "NOPASSWD is not written anywhere" > /tmp/notes
RUN cat <<EOF > /tmp/readme
NOPASSWD
