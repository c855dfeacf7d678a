# The key is in the COPY layer; the later rm only hides it.
FROM alpine/git:2.45.2
# expect: LL1005 col=6 msg~"id_rsa"
RUN --mount=type=ssh,required=true mkdir -p -m 0700 ~/.ssh && ssh-keyscan github.com >> ~/.ssh/known_hosts && git clone git@github.com:acme/private.git /src
