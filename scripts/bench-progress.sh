#!/usr/bin/env bash
# The progress store's benchmark with its PostgreSQL part: starts a throwaway PostgreSQL server
# on 127.0.0.1 (scripts/postgres-test-server.sh), runs `labrun-bench progress` in release mode
# against it, and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product labrun-bench --traits PostgreSQL
postgres_dir=$(mktemp -d "${TMPDIR:-/tmp}/labrun-bench-postgres.XXXXXX")
trap 'scripts/postgres-test-server.sh stop "$postgres_dir"' EXIT
LABRUN_BENCH_POSTGRES_URL=$(scripts/postgres-test-server.sh start "$postgres_dir")
export LABRUN_BENCH_POSTGRES_URL
.build/release/labrun-bench progress "$@"
