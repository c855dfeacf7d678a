# A JWT in an Authorization header.
FROM curlimages/curl:8.8.0
# expect: LL1003 col=41 severity=error
RUN curl -fsS -H "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjaS1idWlsZCIsImlhdCI6MTcxNjIzOTAyMn0.Zm9vYmFyYmF6cXV4cXV1eHF1dXpxdXV6cXV1eg" https://api.example.com/v1/bootstrap
