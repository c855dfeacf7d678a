# `https://TOKEN@host`: the whole userinfo is the credential.
FROM golang:1.22
# expect: LL1006 col=38 severity=error
RUN git config --global url."https://ghp_R8mZt2KqW5vXy7Lp3Nc9Hd4Jf6Bs1Ag0QeTu@github.com/".insteadOf "https://github.com/"
