# A heredoc writes the password into ~/.netrc.
FROM debian:bookworm-slim
# expect: LL1009 col=11
RUN --mount=type=secret,id=artifactory_password,required=true export ARTIFACTORY_PASSWORD="$(cat /run/secrets/artifactory_password)" && cat > /root/.netrc <<EOF && rm -f /root/.netrc
machine artifactory.example.com
login ci
password ${ARTIFACTORY_PASSWORD}
EOF
