# The runtime commands read the password from the container's environment.
FROM mysql:8.4
HEALTHCHECK CMD mysqladmin ping -p"$MYSQL_ROOT_PASSWORD" || exit 1
CMD ["sh", "-c", "exec psql -h db"]
ONBUILD RUN wget --user=deploy --password="$REPO_PASSWORD" https://repo.example.com/app.tgz
