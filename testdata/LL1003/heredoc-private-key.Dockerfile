# A PEM private key inside a RUN heredoc is still in the Dockerfile.
FROM alpine:3.20
# expect: LL1003 line=7 col=1 severity=error
RUN <<EOF
mkdir -p /root/.ssh
cat > /root/.ssh/id_ed25519 <<KEY
-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACBqt3dJ+S8Nm/JEe6V71bUzIWeGjenlykNH1KA/YlmxBAAAAJgAAAAAAAAA
-----END OPENSSH PRIVATE KEY-----
KEY
chmod 600 /root/.ssh/id_ed25519
EOF
