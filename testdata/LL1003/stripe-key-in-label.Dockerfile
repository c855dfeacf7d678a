# A secret-named LABEL with a literal value is in the image metadata and the Dockerfile.
FROM python:3.12-slim
# expect: LL1003 col=35 severity=error
LABEL com.acme.stripe_secret_key="sk_live_4eC39HqLyjWDarjtT1zdp7dcR2x"
CMD ["python", "-m", "app"]
