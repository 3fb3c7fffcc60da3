#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on 127.0.0.1 in a temporary folder.
#
#   scripts/postgres-test-server.sh start DIR   installs PostgreSQL from Debian if needed (apt-get),
#                                               runs initdb + pg_ctl in DIR on a free port, creates
#                                               the database `labrun`, and prints its URL
#   scripts/postgres-test-server.sh stop DIR    stops that server and removes DIR
#
# The server belongs to user `labrun` with a password (so password handling is exercised); as
# root, initdb refuses to run, so the server runs as the `postgres` system user.
set -euo pipefail

say() { printf 'postgres-test-server: %s\n' "$*" >&2; }
command=${1:-}
dir=${2:-}
[ -n "$command" ] && [ -n "$dir" ] || { say "usage: $0 start|stop DIR"; exit 2; }

as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

find_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

case "$command" in
start)
    bin=$(find_bin)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        say "installing PostgreSQL from Debian"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
        bin=$(find_bin)
    fi
    mkdir -p "$dir"
    password="labrun-test-secret"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    printf '%s\n' "$password" > "$dir/password"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$dir"; fi
    as_server_user "$bin/initdb" -D "$dir/data" -U labrun --pwfile="$dir/password" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_server_user "$bin/createdb" -h "$dir" -p "$port" -U labrun labrun
    printf '%s\n' "$port" > "$dir/port"
    echo "postgres://labrun:$password@127.0.0.1:$port/labrun?sslmode=disable"
    ;;
stop)
    bin=$(find_bin)
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then
        as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    say "unknown command '$command' (start or stop)"
    exit 2
    ;;
esac
