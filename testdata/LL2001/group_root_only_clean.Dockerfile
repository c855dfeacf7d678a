FROM debian:12
RUN useradd -r app
# only the group is root: the process runs as app
USER app:root
