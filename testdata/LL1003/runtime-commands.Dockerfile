# Literal passwords in the commands the container runs: they are in the image's configuration.
FROM mysql:8.4
# expect: LL1003 col=35 msg~"password passed with -p"
HEALTHCHECK CMD mysqladmin ping -pS3cretPassw0rd || exit 1
# expect: LL1003 col=50 msg~"value of --password"
ENTRYPOINT ["/usr/local/bin/app", "--password", "S3cretPassw0rd"]
# expect: LL1003 col=30 msg~"PGPASSWORD"
CMD ["sh", "-c", "PGPASSWORD=S3cretPassw0rd exec psql -h db"]
