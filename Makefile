# RWKV Studio — `make run` and `make test` do all set-up on a fresh Debian 12 machine.
BUILD      ?= build
FUZZ_BUILD ?= build-fuzz
JOBS       ?= 2
FIXTURES   ?= $(abspath ../shared/fixtures)
FUZZ_SECONDS ?= 60

# Debian packages the project needs to build, test and run.
DEB_PACKAGES = build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev \
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libgl-dev qt6-charts-dev libqt6opengl6-dev \
    nlohmann-json3-dev libzstd-dev libfluidsynth-dev fluid-soundfont-gm \
    libvulkan-dev glslc mesa-vulkan-drivers vulkan-validationlayers libpoppler-qt6-dev fonts-wqy-microhei \
    libtesseract-dev tesseract-ocr-eng tesseract-ocr-chi-sim qt6-httpserver-dev qt6-websockets-dev \
    libsqlite3-dev g++-aarch64-linux-gnu qemu-user \
    dpkg-dev lintian desktop-file-utils appstream qt6-tools-dev qt6-l10n-tools librsvg2-bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps configure build run test test-unit fuzz-build fuzz-smoke bench bench-server package package-test translations clean

all: build

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "Installing Debian packages:" $$missing; \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# Node.js and the OpenAI SDK for the API server's tests (the npm registry; nodejs may come from elsewhere).
	@command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends nodejs npm
	@[ -d tests/server/sdk/node_modules/openai ] || (cd tests/server/sdk && npm ci --no-audit --no-fund)

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/bin/rwkv-studio

test-unit: build
	cd $(BUILD) && RWKV_FIXTURES="$${RWKV_FIXTURES:-$(FIXTURES)}" ctest --output-on-failure -j $(JOBS)

$(FUZZ_BUILD)/build.ninja: | deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DRWKV_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo

fuzz-build: deps $(FUZZ_BUILD)/build.ninja
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

# Each fuzz target runs FUZZ_SECONDS under ASan/UBSan from a seed corpus of the fixtures.
fuzz-smoke: fuzz-build
	RWKV_FIXTURES="$${RWKV_FIXTURES:-$(FIXTURES)}" FUZZ_SECONDS=$(FUZZ_SECONDS) \
	    bash engine/fuzz/run-smoke.sh $(FUZZ_BUILD)/bin
	RWKV_FIXTURES="$${RWKV_FIXTURES:-$(FIXTURES)}" FUZZ_SECONDS=$(FUZZ_SECONDS) \
	    bash app/music/fuzz/run-smoke.sh $(FUZZ_BUILD)/bin

# Brings translations/*.ts up to date with every tr() string in app/ and ui/ (then translate the
# new entries in Qt Linguist; the tests fail while any is unfinished).
LUPDATE ?= /usr/lib/qt6/bin/lupdate
translations:
	for ts in translations/*.ts; do \
	    lang=$$(basename $$ts .ts | sed 's/^rwkv_studio_//'); \
	    $(LUPDATE) -recursive app ui -no-obsolete -locations none -source-language en \
	        -target-language $$lang -ts $$ts; \
	done

# The .deb (installer/): what a Debian user installs.
package: build
	cd $(BUILD) && cpack -G DEB

# Lints the .deb, installs it here, runs the installed programs and removes it again.
package-test: package
	bash installer/check-package.sh $(BUILD) "$${RWKV_FIXTURES:-$(FIXTURES)}"

# The fuzz smoke runs first so that CTest's summary is the last thing `make test` prints.
test:
	$(MAKE) --no-print-directory fuzz-smoke
	$(MAKE) --no-print-directory package-test
	$(MAKE) --no-print-directory test-unit

bench: build
	bash engine/tools/bench.sh $(BUILD)/bin/rwkv-cli

# The API server as its clients see it: concurrent streams, a 20-turn conversation with and
# without the state cache, embeddings per second.
bench-server: build
	RWKV_FIXTURES="$${RWKV_FIXTURES:-$(FIXTURES)}" bash app/server/bench/run.sh $(BUILD)/bin/rwkv-cli

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD)
