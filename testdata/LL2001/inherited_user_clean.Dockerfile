FROM python:3.12 AS base
RUN useradd -r -u 10001 app
USER app

FROM base
COPY . /app
CMD ["python", "/app/main.py"]
