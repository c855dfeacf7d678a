# layerlint: `make demo` and `make test` are the two commands a new machine needs; `make check` runs
# the heavy checks that CI runs after them.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_GEN  := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")
VERSION    := $(shell sed -n 's/^project.layerlint VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
IMAGE      ?= layerlint
SANITIZER_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: all deps configure build binary demo test test-asan check check-docker bench fuzz fuzz-ci \
        format clean check-builds install dist image

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release >/dev/null

# The static binary alone: what `make demo`, `make dist` and `make image` need.
binary: configure
	@cmake --build $(BUILD) --target layerlint -j $(JOBS)

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: binary
	@echo "\$$ build/layerlint examples/Dockerfile"
	@$(BUILD)/layerlint examples/Dockerfile || true
	@echo "\$$ build/layerlint --diff --unsafe-fixes examples/Dockerfile   # what --fix would write"
	@$(BUILD)/layerlint --diff --unsafe-fixes examples/Dockerfile || true

# The whole suite on the Release build (every ctest label but docker: see cmake/tests.cmake).
test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) -LE docker

# The heavy checks, run by .ci/run after `make test`: the whole suite under ASan+UBSan ([slow] and
# [corpus] included), the image and the docker hook with a private dockerd, two minutes of fuzzing,
# and real BuildKit builds of the secret fixtures.
check: test-asan check-docker fuzz-ci check-builds

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DLAYERLINT_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@$(SANITIZER_ENV) ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) -LE docker

# The image built from the static binary and run on a mounted folder, and the layerlint-docker
# pre-commit hook under the real pre-commit, each with its own private dockerd.
check-docker: build
	@ctest --test-dir $(BUILD) --output-on-failure -L docker

# Real BuildKit builds of the LL1xxx fixtures and their fixed versions (a private dockerd; root,
# docker.io and busybox-static are installed when missing).
check-builds: binary
	@LAYERLINT=$(abspath $(BUILD))/layerlint tests/build/run.sh

# `cmake --install` into PREFIX (default /usr/local): the binary, the man page and the docs.
PREFIX ?= /usr/local
install: binary
	@cmake --install $(BUILD) --prefix $(PREFIX)

# dist/layerlint-<version>-linux-<arch>.tar.gz, the .deb and SHA256SUMS, made by CPack.
dist: binary
	@rm -rf dist && mkdir -p dist
	@cd $(BUILD) && cpack -B $(abspath dist) >/dev/null
	@rm -rf dist/_CPack_Packages
	@cd dist && sha256sum *.tar.gz *.deb >SHA256SUMS && cat SHA256SUMS

# layerlint:<version> and layerlint:latest: FROM scratch and the static binary, built offline with the
# Docker that DOCKER_HOST names. BINARY=path takes a static binary built elsewhere (a release's).
BINARY ?=
image: $(if $(BINARY),,binary)
	@scripts/build-image.sh $(or $(BINARY),$(BUILD)/layerlint) $(IMAGE) $(VERSION)

bench: build
	@scripts/install-deps.sh --bench
	@bench/run.sh

# libFuzzer over parse, every rule, every reporter and the redaction oracle (clang, ASan+UBSan).
FUZZ_SECONDS ?= 120
fuzz:
	@scripts/install-deps.sh --fuzz
	@scripts/fuzz.sh $(FUZZ_SECONDS)

# A bounded run for CI: two minutes with a fixed random seed.
fuzz-ci:
	@scripts/install-deps.sh --fuzz
	@scripts/fuzz.sh 120 -seed=1

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz dist
