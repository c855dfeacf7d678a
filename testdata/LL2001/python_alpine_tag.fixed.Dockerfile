# expect: LL2001 col=6 msg~"no USER after FROM python:3.12-alpine"
FROM python:3.12-alpine
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
RUN addgroup -S app && adduser -S -D -H -G app app
USER app
CMD ["python", "main.py"]
