# A secret from a mount written into a file that is never removed.
FROM python:3.12-slim
# expect: LL1009 col=125
RUN --mount=type=secret,id=pypi_token,env=PYPI_TOKEN printf '[pypi]\nusername = __token__\npassword = %s\n' "$PYPI_TOKEN" > /root/.pypirc && rm -f /root/.pypirc
