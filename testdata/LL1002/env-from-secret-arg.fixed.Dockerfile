# The ENV name is neutral, but its value comes from a secret build argument: it lands in the config.
FROM python:3.12
# expect: LL1002 col=5 msg~"PIP_INDEX_TOKEN"
RUN pip install --no-cache-dir -r requirements.txt
