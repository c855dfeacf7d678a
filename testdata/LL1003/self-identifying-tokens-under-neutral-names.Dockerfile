# Tokens that name their issuer, under names that say nothing: a legacy Vault service token standing
# alone as a value, a Bitbucket access token and a Sourcegraph service token.
FROM alpine:3.20
# expect: LL1003 msg~"Vault token"
ENV CONFIG_VALUE=s.ZC9Ecf4M5g9o34Q6RkzGsj0z
# expect: LL1003 msg~"Vault token"
RUN vault login s.9j6cSlPOBpGkqOX7IZrJBref && vault kv get secret/app
# expect: LL1003 msg~"Atlassian access token"
ENV REPO_SETTING=ATCTT3xFfGN0oUZePD0_uoPwzYWUnb4fi4F6sB4osDPw4A5AzSs1wVIJlhZ7ddVUFodBtx9gYbz4X6oHgOoC8OrBgJUCJjIIvddxoQnJaTGBLXQ0SZ1-Ci1JmzKCsdA9wGjHbrirCmviG3xgJjqDrXaWv4hxL48zpmKo2hkXihVMAq-IxpAVUR4=AA10B899
# expect: LL1003 msg~"Sourcegraph service token"
LABEL build.ref="sgd_9139f01aec0da95956bc6791f6f32ae27ea949237ecc6e91ea6c3ea0e8de5e7a"
