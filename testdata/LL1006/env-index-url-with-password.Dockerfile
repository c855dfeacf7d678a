# An ENV value URL with a literal password (pip index).
FROM python:3.12-slim
# expect: LL1006 col=39 severity=error
ENV PIP_EXTRA_INDEX_URL=https://build:Sup3rS3cretPw@pypi.internal.example.com/simple
RUN pip install --no-cache-dir acme-lib
