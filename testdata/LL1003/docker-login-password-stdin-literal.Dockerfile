# A literal piped into `docker login --password-stdin`.
FROM docker:27-cli
# expect: LL1003 col=11 severity=error
RUN echo 'Hunter2-Registry-Pw' | docker login -u ci-bot --password-stdin registry.example.com
