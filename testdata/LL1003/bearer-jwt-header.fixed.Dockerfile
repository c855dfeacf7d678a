# A JWT in an Authorization header.
FROM curlimages/curl:8.8.0
# expect: LL1003 col=41 severity=error
RUN --mount=type=secret,id=json_token,required=true export JSON_TOKEN="$(cat /run/secrets/json_token)" && curl -fsS -H "Authorization: Bearer ${JSON_TOKEN}" https://api.example.com/v1/bootstrap
