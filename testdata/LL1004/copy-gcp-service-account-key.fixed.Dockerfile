# A GCP service-account key file.
FROM google/cloud-sdk:slim
# expect: LL1004 col=19 msg~"service-account.json"
RUN --mount=type=secret,id=service-account_json,target=/secrets/service-account.json,required=true gcloud auth activate-service-account --key-file=/secrets/service-account.json
