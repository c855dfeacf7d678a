FROM
FOO bar
ENV
RUN --mount=type=nope echo
CMD ["unterminated"
LABEL a
RUN cat <<EOF
body
