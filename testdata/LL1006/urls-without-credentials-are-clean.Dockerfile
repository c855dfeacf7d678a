# Plain URLs, SSH remotes with only a user name, and variable hosts carry no credentials.
FROM alpine/git:2.45.2
ARG MIRROR_HOST=mirror.example.com
RUN git clone git@github.com:acme/app.git /src
RUN git clone ssh://git@github.com/acme/lib.git /lib
RUN curl -fsSL https://${MIRROR_HOST}/pub/tool.tar.gz -o /tmp/tool.tar.gz
RUN wget -q https://dl-cdn.alpinelinux.org/alpine/v3.20/main/x86_64/APKINDEX.tar.gz
