# Empty values, placeholders and paths to a mounted secret are not secrets.
FROM mysql:8.4
ENV MYSQL_ROOT_PASSWORD=""
ENV MYSQL_PASSWORD=changeme
ENV DB_PASSWORD=/run/secrets/db_password
