# labrun: set-up, build, demo and tests. `make help` lists the targets.
SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)

.PHONY: help setup build demo class-server test bench clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: ## Install the C libraries and the two bundled models (idempotent)
	@scripts/setup.sh

build: setup ## Release build of labrun and labrun-bench
	swift build -c release

demo: setup ## The main job: step 2 of the ml-bias lab, run on the bundled model
	swift build -c release --product labrun
	HF_HUB_OFFLINE=1 .build/release/labrun step 2 --lab ml-bias

class-server: setup ## Release build with PostgreSQL support, for a class on one server
	swift build -c release --traits PostgreSQL

test: setup ## Every test (what CI runs)
	scripts/test.sh

bench: build ## Every benchmark suite, release mode, 2 threads (BLAS and the engine's own)
	OPENBLAS_NUM_THREADS=2 LABRUN_THREADS=2 .build/release/labrun-bench

clean: ## Remove build products (keeps the models)
	rm -rf .build
