# A whole .ssh directory (private keys) copied into the image.
FROM alpine/git:2.45.2
# expect: LL1004 col=6 msg~".ssh"
RUN --mount=type=secret,id=ssh,target=/root/.ssh git clone git@github.com:acme/private.git /src
