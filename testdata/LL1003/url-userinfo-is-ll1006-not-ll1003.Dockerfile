# Credentials inside a URL are LL1006's, not LL1003's, even when the token has a known format.
FROM alpine/git:2.45.2
RUN git clone https://x-access-token:ghp_R8mZt2KqW5vXy7Lp3Nc9Hd4Jf6Bs1Ag0QeTu@github.com/acme/app.git /src
