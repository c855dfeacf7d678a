# Documentation stand-ins look like tokens but are not: filler runs, headers with no key body,
# Firebase's published sample key, stock user:password pairs and a value that repeats its name.
FROM alpine:3.20
ENV CONFIG_VALUE=glc_111111111111111111111111111111111111111111=
ENV SLACK_EXAMPLE=xoxb-xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx
ENV FIREBASE_WEB_KEY=AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU
ARG secret=SECRET
RUN curl --user user:pass http://127.0.0.1:5000/file && \
    curl --user "username:password" http://127.0.0.1:5000/file && \
    curl --user neo4j:[PASSWORD] http://127.0.0.1:7474/db/data/ && \
    curl -u 'test:test' http://127.0.0.1:5000/health
RUN <<EOT
cat > /etc/app/key.pem <<'PEM'
-----BEGIN OPENSSH PRIVATE KEY-----
-----END OPENSSH PRIVATE KEY-----
PEM
EOT
RUN curl -u "${GH_TOKEN}:x-oauth-basic" https://api.github.com/user
