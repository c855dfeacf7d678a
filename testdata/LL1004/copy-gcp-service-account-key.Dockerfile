# A GCP service-account key file.
FROM google/cloud-sdk:slim
# expect: LL1004 col=19 msg~"service-account.json"
COPY --chmod=0400 service-account.json /secrets/service-account.json
RUN gcloud auth activate-service-account --key-file=/secrets/service-account.json
