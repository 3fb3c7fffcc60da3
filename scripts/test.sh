#!/usr/bin/env bash
# Runs every test: the Swift test suites (unit, conformance and end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
swift test --skip-build
