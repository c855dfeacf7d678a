# layerlint: `make demo` and `make test` are the two commands a new machine needs.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_GEN  := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

.PHONY: all deps build demo test test-release test-asan bench fuzz format clean check-builds

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@echo "\$$ build/layerlint examples/Dockerfile"
	@$(BUILD)/layerlint examples/Dockerfile || true
	@echo "\$$ build/layerlint --diff --unsafe-fixes examples/Dockerfile   # what --fix would write"
	@$(BUILD)/layerlint --diff --unsafe-fixes examples/Dockerfile || true

test-release: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DLAYERLINT_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

# The whole suite on the Release build, then once more under ASan+UBSan.
test: test-release test-asan

# Real BuildKit builds of the LL1xxx fixtures and their fixed versions (a private dockerd; root,
# docker.io and busybox-static are installed when missing). Not part of `make test`.
check-builds: deps
	@cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) --target layerlint -j $(JOBS)
	@LAYERLINT=$(abspath $(BUILD))/layerlint tests/build/run.sh

bench: build
	@scripts/install-deps.sh --bench
	@bench/run.sh

# libFuzzer over parse, every rule, every reporter and the redaction oracle (clang, ASan+UBSan).
FUZZ_SECONDS ?= 120
fuzz:
	@scripts/install-deps.sh --fuzz
	@scripts/fuzz.sh $(FUZZ_SECONDS)

# A bounded run for CI: two minutes with a fixed random seed.
.PHONY: fuzz-ci
fuzz-ci:
	@scripts/install-deps.sh --fuzz
	@scripts/fuzz.sh 120 -seed=1

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
