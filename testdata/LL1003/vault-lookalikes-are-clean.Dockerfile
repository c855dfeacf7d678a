# `s.` and 24 letters is a name in code, and a token-shaped member inside minified code does not
# stand alone as a value: neither is a legacy Vault token.
FROM node:20
ENV HANDLER=s.AcceptanceTimeoutSeconds
RUN node -e 'const a=s.ZC9Ecf4M5g9o34Q6RkzGsj0z;console.log(a)' || true
