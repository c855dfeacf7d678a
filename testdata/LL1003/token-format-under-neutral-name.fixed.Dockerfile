# A token is known by its format alone, whatever the variable is called: a GitLab runner token, a
# Vault token and a DigitalOcean token under names that say nothing.
FROM alpine:3.20
# expect: LL1003 msg~"GitLab token"
ENV CONFIG_VALUE=glrt-OlC87Q-sexwkcVNVAc-h
# expect: LL1003 msg~"Vault token"
LABEL build.ref="hvs.oDzp7O8QuKEh6D0JCk39QmJWikyFE_xzzdAIDhXzK2QkI3cBXkLjSgSOUpTP-j33ZyXOivikASDTyPhQz0ziAFnPzMtgBox"
# expect: LL1003 msg~"DigitalOcean token"
RUN --mount=type=secret,id=digitalocean_token,required=true export DIGITALOCEAN_TOKEN="$(cat /run/secrets/digitalocean_token)" && doctl compute droplet list --access-token ${DIGITALOCEAN_TOKEN}
