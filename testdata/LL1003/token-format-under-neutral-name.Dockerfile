# A token is known by its format alone, whatever the variable is called: a GitLab runner token, a
# Vault token and a DigitalOcean token under names that say nothing.
FROM alpine:3.20
# expect: LL1003 msg~"GitLab token"
ENV CONFIG_VALUE=glrt-OlC87Q-sexwkcVNVAc-h
# expect: LL1003 msg~"Vault token"
LABEL build.ref="hvs.oDzp7O8QuKEh6D0JCk39QmJWikyFE_xzzdAIDhXzK2QkI3cBXkLjSgSOUpTP-j33ZyXOivikASDTyPhQz0ziAFnPzMtgBox"
# expect: LL1003 msg~"DigitalOcean token"
RUN doctl compute droplet list --access-token dop_v1_aabfe228f219e9cb0eb53f16947ccf25ec84d8dbc74254770f58904dba41eccc
