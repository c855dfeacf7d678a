# expect: LL2001 col=6 msg~"no USER after FROM cgr.dev/chainguard/wolfi-base"
FROM cgr.dev/chainguard/wolfi-base
RUN apk add --no-cache python-3.12
COPY main.py /app/main.py
USER nonroot
CMD ["python", "/app/main.py"]
