# Removing a non-secret file in a later layer is wasteful, but not a leak.
FROM debian:bookworm-slim
COPY app.tar.gz /tmp/app.tar.gz
RUN tar -xzf /tmp/app.tar.gz -C /opt
RUN rm /tmp/app.tar.gz
