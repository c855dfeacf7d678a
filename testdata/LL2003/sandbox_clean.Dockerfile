FROM ubuntu:24.04
RUN --security=sandbox make
RUN --network=host echo --security=insecure
