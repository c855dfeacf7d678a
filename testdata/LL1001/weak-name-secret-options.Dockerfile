# Weak names passed where a secret goes: a key file, a password option, curl's -u password.
FROM google/cloud-sdk:slim
# expect: LL1001 col=5 msg~"GCP_SA_KEY (passed to --key-file (as /tmp/sa.json))"
ARG GCP_SA_KEY
# expect: LL1001 col=5 msg~"bintray_key (passed as the password of -u)"
ARG bintray_key
# expect: LL1001 col=5 msg~"API_PASS (passed to --password)"
ARG API_PASS
RUN echo "$GCP_SA_KEY" > /tmp/sa.json && gcloud auth activate-service-account --key-file=/tmp/sa.json; rm -rf /tmp/sa.json /root/.config/gcloud
RUN curl -fsS -u "deploy:$bintray_key" -o /tmp/app.tgz https://api.bintray.com/content/acme/app.tgz
RUN mysql --user=deploy --password="$API_PASS" -e "select 1"
