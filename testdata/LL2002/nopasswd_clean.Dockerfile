FROM ubuntu:24.04
RUN echo "app ALL=(root) /usr/bin/systemctl" > /etc/sudoers.d/app
RUN echo "NOPASSWD is not written anywhere" > /tmp/notes
RUN cat <<EOF > /tmp/readme
NOPASSWD
EOF
RUN adduser -D builder; \
    echo "builder ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/builder; \
    su builder -c "abuild -r"; \
    rm -rf ~builder /etc/sudoers.d/builder
