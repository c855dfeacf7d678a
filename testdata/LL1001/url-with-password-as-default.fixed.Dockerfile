# A build argument whose default is a URL with a password: the Dockerfile and the history hold it.
FROM python:3.12
# expect: LL1001 col=5 severity=error msg~"PIP_INDEX_URL"
RUN --mount=type=secret,id=pip_index_url,required=true export PIP_INDEX_URL="$(cat /run/secrets/pip_index_url)" && pip install -r requirements.txt
