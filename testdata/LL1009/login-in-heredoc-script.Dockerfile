# syntax=docker/dockerfile:1
# A heredoc that the shell runs is the RUN's script: its login stores the credential in the layer.
FROM google/cloud-sdk:480.0.0-slim
RUN <<EOF
set -e
# expect: LL1009 msg~"/root/.config/gcloud/"
gcloud auth activate-service-account --key-file=/tmp/sa.json
gsutil cp gs://acme-assets/app.tgz /srv/app.tgz
EOF
