# `shred -u` in a later layer does not reach the earlier one.
FROM debian:bookworm-slim
# expect: LL1005 col=5 msg~".netrc"
RUN --mount=type=secret,id=netrc,target=/root/.netrc,required=true apt-get update && apt-get install -y --no-install-recommends curl && curl -fsSLn https://files.example.com/tool -o /usr/local/bin/tool
