# Weak names passed where a secret goes: a key file, a password option, curl's -u password.
FROM google/cloud-sdk:slim
# expect: LL1001 col=5 msg~"GCP_SA_KEY (passed to --key-file (as /tmp/sa.json))"
# expect: LL1001 col=5 msg~"bintray_key (passed as the password of -u)"
# expect: LL1001 col=5 msg~"API_PASS (passed to --password)"
RUN --mount=type=secret,id=gcp_sa_key,required=true export GCP_SA_KEY="$(cat /run/secrets/gcp_sa_key)" && echo "$GCP_SA_KEY" > /tmp/sa.json && gcloud auth activate-service-account --key-file=/tmp/sa.json; rm -rf /tmp/sa.json /root/.config/gcloud
RUN --mount=type=secret,id=bintray_key,required=true export bintray_key="$(cat /run/secrets/bintray_key)" && curl -fsS -u "deploy:$bintray_key" -o /tmp/app.tgz https://api.bintray.com/content/acme/app.tgz
RUN --mount=type=secret,id=api_pass,required=true export API_PASS="$(cat /run/secrets/api_pass)" && mysql --user=deploy --password="$API_PASS" -e "select 1"
