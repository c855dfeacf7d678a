# With --target=deps the deps stage is final (it ships); the runtime stage after it does not.
# options: target=deps
FROM python:3.12-slim AS deps
# expect: LL1004 col=6 severity=error msg~".pypirc"
RUN pip install --no-cache-dir -r requirements.txt

FROM deps AS runtime
# expect: LL1004 col=6 severity=info msg~".env"
CMD ["python", "-m", "app"]
