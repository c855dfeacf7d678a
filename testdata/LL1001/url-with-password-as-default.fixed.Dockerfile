# A build argument whose default is a URL with a password: the Dockerfile and the history hold it.
FROM python:3.12
# expect: LL1001 col=5 severity=error msg~"PIP_INDEX_URL"
RUN --mount=type=secret,id=pip_index_url,env=PIP_INDEX_URL pip install -r requirements.txt
