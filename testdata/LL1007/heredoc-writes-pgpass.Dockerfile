# Inside a heredoc, the env= secret written to ~/.pgpass persists.
FROM postgres:16
# expect: LL1007 line=6 col=49
RUN --mount=type=secret,id=pg_password,env=PGPASSWORD <<EOF
set -e
echo "db.internal:5432:app:app:${PGPASSWORD}" > /root/.pgpass
chmod 600 /root/.pgpass
EOF
