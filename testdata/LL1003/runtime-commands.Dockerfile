# Literal passwords in the commands the container runs: they are in the image's configuration.
FROM mysql:8.4
# expect: LL1003 col=31 msg~"password passed with -p"
HEALTHCHECK CMD mysql -h db -pHealthS3cretPw0rd -e "select 1" || exit 1
# expect: LL1003 col=47 msg~"value of --password"
ENTRYPOINT ["/usr/local/bin/app", "--password=EntryS3cretPw0rd"]
# expect: LL1003 col=46 msg~"password passed with -p"
CMD ["sh", "-c", "exec mysql -h db -u root -pCmdS3cretPw0rd -e ping"]
