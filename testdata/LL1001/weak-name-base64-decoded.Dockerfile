# A base64-decoded value written to a file is a key or a credential file.
FROM alpine:3.20
# expect: LL1001 col=5 msg~"SSH_KEY_B64 (base64-decoded into /tmp/deploy_key)"
ARG SSH_KEY_B64
RUN echo "$SSH_KEY_B64" | base64 -d > /tmp/deploy_key && chmod 600 /tmp/deploy_key && rm /tmp/deploy_key
