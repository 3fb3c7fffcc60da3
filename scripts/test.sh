#!/usr/bin/env bash
# Runs every test: the Swift test suites (unit, conformance and end-to-end) and `labrun check --run`
# over the courses, with a throwaway PostgreSQL server on 127.0.0.1 for the progress store's
# PostgreSQL tests (stopped at the end).
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
# PostgreSQL support is a package trait (off in the default build); the tests run with it on.
swift build --build-tests --traits PostgreSQL
# huggingface_hub, test-only, in a venv under .build: the hub's interop test checks that labrun and
# Python share one Hugging Face cache. Without it (no PyPI) that one test is skipped, with a reason.
if [ -z "${LABRUN_HF_PYTHON:-}" ]; then
    venv=.build/hf-venv
    if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import huggingface_hub' 2>/dev/null \
        || { python3 -m venv "$venv" && "$venv/bin/pip" install -q 'huggingface_hub==2.4.0'; } >/dev/null 2>&1; then
        export LABRUN_HF_PYTHON="$PWD/$venv/bin/python"
    else
        echo "test: huggingface_hub could not be installed; the Python interop test will be skipped" >&2
    fi
fi
swift test --skip-build --traits PostgreSQL
# Every lab, quiz and key lints clean, and every lab runs offline on the bundled models and prints
# what its output blocks say (exercises run their reference solutions against their checks).
HF_HUB_OFFLINE=1 "$(swift build --show-bin-path)/labrun" check --run
