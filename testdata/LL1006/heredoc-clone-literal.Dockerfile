# A literal password in a URL inside a RUN heredoc.
FROM alpine/git:2.45.2
# expect: LL1006 line=6 col=27 severity=error
RUN <<EOF
set -e
git clone https://builder:Pr1vateRep0Pw@git.example.com/acme/app.git /src
EOF
