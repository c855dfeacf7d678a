# The key is in the COPY layer; the later rm only hides it.
FROM alpine/git:2.45.2
# expect: LL1005 col=6 msg~"id_rsa"
RUN --mount=type=ssh git clone git@github.com:acme/private.git /src
RUN rm /root/.ssh/id_rsa
