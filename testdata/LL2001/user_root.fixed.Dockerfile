FROM debian:12
RUN useradd -r app
USER app
RUN echo ok
# expect: LL2001 col=6 msg~"the last USER is 'root'"
USER 10001:10001
CMD ["sh"]
