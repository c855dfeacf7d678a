# The mount's env= variable echoed into a file.
FROM alpine:3.20
# expect: LL1007 col=135
RUN --mount=type=secret,id=gh_token,env=GH_TOKEN mkdir -p /root/.config/gh && printf 'github.com:\n  oauth_token: %s\n' "$GH_TOKEN" > /root/.config/gh/hosts.yml && rm -f /root/.config/gh/hosts.yml
