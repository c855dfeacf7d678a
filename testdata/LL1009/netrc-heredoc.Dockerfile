# A heredoc writes the password into ~/.netrc.
FROM debian:bookworm-slim
ARG ARTIFACTORY_PASSWORD
# expect: LL1009 col=11
RUN cat > /root/.netrc <<EOF
machine artifactory.example.com
login ci
password ${ARTIFACTORY_PASSWORD}
EOF
