# A literal GitLab token as the URL password: error, pointing at the password.
FROM alpine/git:2.45.2
# expect: LL1006 col=30 severity=error
RUN git clone https://deploy:glpat-AbCdEfGhIjKlMnOpQrSt@gitlab.com/acme/app.git /src
