#!/usr/bin/env bash
# Runs every test: the Swift test suites (unit, conformance and end-to-end), with a throwaway
# PostgreSQL server on 127.0.0.1 for the progress store's PostgreSQL tests (stopped at the end).
# Set LABRUN_TEST_POSTGRES_URL yourself to use another server instead.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
if [ -z "${LABRUN_TEST_POSTGRES_URL:-}" ]; then
    postgres_dir=$(mktemp -d "${TMPDIR:-/tmp}/labrun-postgres.XXXXXX")
    trap 'scripts/postgres-test-server.sh stop "$postgres_dir"' EXIT
    LABRUN_TEST_POSTGRES_URL=$(scripts/postgres-test-server.sh start "$postgres_dir")
    export LABRUN_TEST_POSTGRES_URL
fi
swift build --build-tests
swift test --skip-build
