# `gcloud auth configure-docker` only names gcloud under `credHelpers` in ~/.docker/config.json,
# and `gcloud auth list` reads: neither stores a credential.
FROM google/cloud-sdk:480.0.0-slim
RUN gcloud auth configure-docker europe-docker.pkg.dev --quiet && gcloud auth list
