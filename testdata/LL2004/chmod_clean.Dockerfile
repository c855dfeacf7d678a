FROM debian:12
RUN chmod 755 /app && chmod 644 /app/config && chmod u+x /app/run.sh
RUN chmod 1777 /tmp && chmod a+rwxt /var/tmp && chmod +w /app/config
RUN chmod g+w /app && chmod o-w /app && chmod 775 /app
RUN chmod $MODE /app && chmod --reference=/etc/passwd /app
RUN echo chmod 777 /app
RUN tempDir="$(mktemp -d)" && chmod 777 "$tempDir" && cd "$tempDir" && make && rm -rf "$tempDir"
RUN mkdir -p /build/out && chmod -R 777 /build/out && make -C /build && rm -rf /build
