# A password in the configuration a heredoc, echo or printf writes is in the Dockerfile and in the
# layer, whatever the file is called.
FROM python:3.12-slim
# expect: LL1003 line=8 msg~"value of password"
RUN mkdir -p /etc/app /app && cat > /etc/app/db.ini <<'EOF'
[database]
host = db
password = Kq7-vR2m-Xw9p
EOF
# expect: LL1003 msg~"value of DB_PASSWORD"
RUN echo "DB_PASSWORD=Zt4nB8qLp2wQ" > /app/.env
# expect: LL1003 msg~"value of client_secret"
RUN printf 'client_id: app\nclient_secret: "Vb6Yp1Rk9Tz3Nw5q"\n' > /app/oauth.yaml
