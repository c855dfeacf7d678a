# syntax=docker/dockerfile:1
# The key comes from a mount, but gcloud keeps its credentials in ~/.config/gcloud/.
FROM google/cloud-sdk:480.0.0-slim
# expect: LL1009 msg~"/root/.config/gcloud/"
RUN --mount=type=secret,id=gcp_key,target=/run/secrets/gcp.json gcloud auth activate-service-account --key-file=/run/secrets/gcp.json && gsutil cp gs://acme-assets/app.tgz /srv/app.tgz && rm -rf /root/.config/gcloud/
