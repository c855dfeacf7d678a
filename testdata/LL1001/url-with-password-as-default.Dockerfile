# A build argument whose default is a URL with a password: the Dockerfile and the history hold it.
FROM python:3.12
# expect: LL1001 col=5 severity=error msg~"PIP_INDEX_URL"
ARG PIP_INDEX_URL=https://deploy:Pa55w0rd-idx@pypi.example.com/simple
RUN pip install -r requirements.txt
