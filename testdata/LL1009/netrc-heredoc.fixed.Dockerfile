# A heredoc writes the password into ~/.netrc.
FROM debian:bookworm-slim
# expect: LL1009 col=11
RUN --mount=type=secret,id=artifactory_password,env=ARTIFACTORY_PASSWORD cat > /root/.netrc <<EOF
machine artifactory.example.com
login ci
password ${ARTIFACTORY_PASSWORD}
EOF
