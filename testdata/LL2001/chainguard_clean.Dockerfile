# Chainguard images run as nonroot unless they are a root-by-default base (wolfi-base)
FROM cgr.dev/chainguard/python:latest
COPY main.py /app/main.py
CMD ["/app/main.py"]
