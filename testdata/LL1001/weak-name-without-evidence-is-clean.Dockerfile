# Weak names whose values go nowhere secret: a cache key, a sort key written to a plain file.
FROM alpine:3.20
WORKDIR /app
ARG CACHE_KEY
ARG SORT_KEY=name
RUN echo "$CACHE_KEY" > /app/cache-key.txt && echo "$SORT_KEY" | tee /app/sort.txt
