# Credentials from variables and secret mounts, checksums and GPG fingerprints are not literals.
FROM python:3.12-slim
ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D
ENV PYTHON_SHA256=8fb5f9fbc7609fa822cb31549884575db7fd9657cbffb89510b5d7975963a83a
RUN --mount=type=secret,id=artifacts_password,env=ARTIFACTS_PASSWORD \
    curl -fsSL -u "deploy:$ARTIFACTS_PASSWORD" https://artifacts.example.com/app.tar.gz -o /tmp/app.tar.gz
RUN --mount=type=secret,id=registry_password \
    docker login -u ci-bot --password-stdin registry.example.com < /run/secrets/registry_password
RUN --mount=type=secret,id=mysql_password,env=MYSQL_PASSWORD mysql -uapp -p"$MYSQL_PASSWORD" -e "SELECT 1"
