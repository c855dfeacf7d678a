# expect: LL2001 col=6 msg~"no USER after FROM busybox:1.36"
FROM busybox:1.36
COPY site /www
CMD ["httpd", "-f", "-h", "/www"]
