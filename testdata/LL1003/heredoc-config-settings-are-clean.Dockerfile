# Settings next to a password, references, placeholders and tokens without a format are not
# reported from configuration text: the format rules find tokens, the names here are settings.
FROM postgres:16
RUN mkdir -p /etc/app && cat > /etc/app/settings.ini <<'EOF'
password_encryption = scram-sha-256
password_file = /run/secrets/db_password
password = ${DB_PASSWORD}
admin_password: changeme
api_token = 8d1f0c2b7a
csrf_token = Mj2qykJO5rELyHgezQ69nzUX0i3OH67V
db_password = var.db_password
EOF
RUN echo "password: <set at run time>" > /etc/app/notes.txt
