# A whole .ssh directory (private keys) copied into the image.
FROM alpine/git:2.45.2
# expect: LL1004 col=6 msg~".ssh"
COPY .ssh /root/.ssh
RUN git clone git@github.com:acme/private.git /src
