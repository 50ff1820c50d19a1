# Nvr — two commands on a fresh Debian 12 / Raspberry Pi OS box: `make run` and `make test`.
# Every install step is here, idempotent and non-interactive.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1
export DOTNET_GENERATE_ASPNET_CERTIFICATE := false

DOTNET ?= dotnet
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ARTIFACTS := $(CURDIR)/artifacts
PUBLISH := $(ARTIFACTS)/publish
HOST_ARCH := $(if $(filter aarch64 arm64,$(shell uname -m)),arm64,x64)
HOST_RID := linux-$(HOST_ARCH)
FOREIGN_ARCH := $(if $(filter arm64,$(HOST_ARCH)),amd64,arm64)

# Build (cross-compiling AOT for arm64), run and test (real peers) dependencies, all Debian packages.
APT_PACKAGES := make clang lld zlib1g-dev gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu \
  qemu-user-static ffmpeg gstreamer1.0-tools gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 python3 python3-gi \
  python3-gst-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad \
  gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-x mosquitto mosquitto-clients chromium systemd nginx libnginx-mod-rtmp \
  iproute2 time curl onvif-tools

.PHONY: setup setup-apt setup-npm restore build test unit-test run publish publish-x64 publish-arm64 bench clean check-dotnet

setup: setup-apt check-dotnet setup-npm restore

setup-apt:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# The other architecture's glibc and OpenSSL (Debian multiarch), so the AOT smoke test runs the
	@# foreign binary under qemu-user against real libraries (.NET needs libssl for cryptography).
	@if ! dpkg --print-foreign-architectures | grep -qx $(FOREIGN_ARCH); then \
	  $(SUDO) dpkg --add-architecture $(FOREIGN_ARCH); $(SUDO) apt-get update -qq; fi
	@missing=""; for p in libc6:$(FOREIGN_ARCH) libssl3:$(FOREIGN_ARCH) zlib1g:$(FOREIGN_ARCH); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# Node.js only if absent: a nodesource nodejs already bundles npm and conflicts with Debian's npm.
	@if ! command -v npm >/dev/null; then \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends nodejs npm; \
	fi

# The .NET SDK is not in Debian 12; global.json pins the version the AOT packs exist for.
check-dotnet:
	@want=$$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' global.json); \
	if ! command -v $(DOTNET) >/dev/null || ! $(DOTNET) --list-sdks | grep -q "^$$want "; then \
	  echo "setup: the .NET SDK $$want is required (see README.md, 'Requirements')" >&2; exit 1; fi

setup-npm: tests/web/node_modules/.package-lock.json
tests/web/node_modules/.package-lock.json: tests/web/package.json tests/web/package-lock.json
	cd tests/web && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

restore:
	$(DOTNET) restore Nvr.sln -v quiet
	$(DOTNET) restore nvr/Nvr/Nvr.csproj -r linux-x64 -v quiet
	$(DOTNET) restore nvr/Nvr/Nvr.csproj -r linux-arm64 -v quiet

build: check-dotnet
	$(DOTNET) build Nvr.sln -c Release -v quiet -nologo

# Native AOT binaries: artifacts/publish/<rid>/nvr. The build fails on any trim/AOT warning.
publish: publish-x64 publish-arm64
publish-x64: check-dotnet
	$(DOTNET) publish nvr/Nvr/Nvr.csproj -c Release -r linux-x64 -o $(PUBLISH)/linux-x64 -v quiet -nologo
publish-arm64: check-dotnet
	$(DOTNET) publish nvr/Nvr/Nvr.csproj -c Release -r linux-arm64 -o $(PUBLISH)/linux-arm64 -v quiet -nologo

# Unit, session and end-to-end tests, then the AOT smoke tests against both published binaries.
# Ends with one line "N passed, N failed".
test: setup publish
	NVR_PUBLISH_DIR=$(PUBLISH) tests/tools/run-tests.sh

unit-test: setup
	NVR_PUBLISH_DIR=$(PUBLISH) tests/tools/run-tests.sh

# Development run: data under ./var/, a demo camera, URLs printed.
run: setup publish-$(HOST_ARCH)
	@tests/tools/dev-run.sh $(PUBLISH)/$(HOST_RID)/nvr

bench: setup publish-$(HOST_ARCH)
	@tests/tools/run-bench.sh $(PUBLISH)/$(HOST_RID)/nvr

clean:
	$(DOTNET) clean Nvr.sln -v quiet -nologo || true
	rm -rf $(ARTIFACTS) var
	find nvr tests -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
