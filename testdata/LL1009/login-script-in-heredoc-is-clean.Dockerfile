# A heredoc that `cat` writes to a file is data: the logins in it run when the container starts, if
# ever, and store nothing at build time (`gcloud auth print-access-token` stores nothing at all).
FROM google/cloud-sdk:480.0.0-slim
RUN cat > /usr/local/bin/login.sh <<'EOF'
#!/bin/sh
gcloud auth activate-service-account --key-file="$KEY_FILE"
curl -H "Authorization: Bearer $(gcloud auth print-access-token)" https://workflowexecutions.googleapis.com/v1/projects/acme/locations/us-central1/workflows/deploy/executions
EOF
RUN chmod +x /usr/local/bin/login.sh
