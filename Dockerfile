# layerlint built from source, for people and CI with network: `docker build -t layerlint .`
# The shipped stage is the same as docker/Dockerfile's (`make image`, offline, from the host binary).
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends g++ cmake ninja-build pkg-config libcli11-dev \
      libfmt-dev libre2-dev libyaml-cpp-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY CMakeLists.txt ./
COPY cmake cmake
COPY include include
COPY rules rules
COPY src src
COPY docs docs
COPY README.md ./
RUN cmake -S . -B out -G Ninja -DCMAKE_BUILD_TYPE=Release -DLAYERLINT_TESTS=OFF \
 && cmake --build out --target layerlint \
 && strip out/layerlint

FROM scratch
COPY --from=build --chmod=0555 /build/out/layerlint /usr/local/bin/layerlint
ENV PATH=/usr/local/bin
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["layerlint"]
CMD ["."]
