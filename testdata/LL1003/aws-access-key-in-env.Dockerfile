# An AWS access key id is a known token format.
FROM amazon/aws-cli:2.17.0
# expect: LL1003 col=23 severity=error
ENV AWS_ACCESS_KEY_ID=AKIAZ4QXW7J3N5RTB2KD
RUN aws s3 ls
