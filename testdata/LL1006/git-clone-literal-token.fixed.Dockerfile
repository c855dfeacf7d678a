# A literal GitLab token as the URL password: error, pointing at the password.
FROM alpine/git:2.45.2
# expect: LL1006 col=30 severity=error
RUN --mount=type=secret,id=url_password,required=true export URL_PASSWORD="$(cat /run/secrets/url_password)" && git clone https://deploy:${URL_PASSWORD}@gitlab.com/acme/app.git /src && git -C /src remote set-url origin https://gitlab.com/acme/app.git
