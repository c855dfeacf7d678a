# `password` is not a placeholder like "" or changeme: it is a working default credential that every
# container of this image gets (kind of file the vulnerable-misc corpus is full of).
FROM postgres:16
# expect: LL1002 col=5 msg~"POSTGRES_PASSWORD"
