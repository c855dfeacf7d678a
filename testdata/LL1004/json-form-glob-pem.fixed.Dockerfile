# The JSON (exec) form and a glob source: *.pem private keys copied in.
FROM nginx:1.27-alpine
# expect: LL1004 msg~"pem"
