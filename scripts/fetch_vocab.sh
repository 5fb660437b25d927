#!/usr/bin/env bash
# Fetch CLIP's BPE vocabulary (bpe_simple_vocab_16e6) from the open-clip-torch wheel on PyPI.
#
# Usage: scripts/fetch_vocab.sh [DEST_DIR]     (default: vocab/ at the repository root)
# Writes DEST_DIR/bpe_simple_vocab_16e6.txt (decompressed, so Swift needs no zlib). Idempotent:
# does nothing when the file is already there with the pinned checksum. Needs pip (from .venv, or python3's).
set -euo pipefail

OPEN_CLIP_VERSION="3.3.0"
# sha256 of open_clip/bpe_simple_vocab_16e6.txt.gz inside the wheel (same file as OpenAI CLIP's).
GZ_SHA256="924691ac288e54409236115652ad4aa250f48203de50a9e4722a6ecd48d6804a"
# sha256 of the decompressed bpe_simple_vocab_16e6.txt that this script writes.
TXT_SHA256="67603cfda2e032ad77b5f8808af37789d590db664b26df8705d2bf8b3c553fc8"
NAME="bpe_simple_vocab_16e6.txt"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The project's virtual environment has pip even where the system Python has none.
python="$repo_root/.venv/bin/python"; [[ -x "$python" ]] || python=python3
dest_dir="${1:-$repo_root/vocab}"
dest="$dest_dir/$NAME"

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -f "$dest" && "$(sha256_of "$dest")" == "$TXT_SHA256" ]]; then
    echo "vocabulary already present: $dest"
    exit 0
fi

mkdir -p "$dest_dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "downloading open-clip-torch==$OPEN_CLIP_VERSION from PyPI (no dependencies)"
"$python" -m pip download --disable-pip-version-check --quiet --no-deps "open-clip-torch==$OPEN_CLIP_VERSION" -d "$work"
wheel="$(ls "$work"/open_clip_torch-*.whl)"

# The wheel is a zip file; python3's zipfile avoids needing unzip on the machine.
"$python" - "$wheel" "$work/$NAME.gz" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, open(sys.argv[2], "wb") as out:
    out.write(wheel.read("open_clip/bpe_simple_vocab_16e6.txt.gz"))
PY

if [[ "$(sha256_of "$work/$NAME.gz")" != "$GZ_SHA256" ]]; then
    echo "error: checksum mismatch for $NAME.gz from open-clip-torch==$OPEN_CLIP_VERSION" >&2
    echo "expected $GZ_SHA256, got $(sha256_of "$work/$NAME.gz")" >&2
    exit 1
fi

gzip -dc "$work/$NAME.gz" > "$work/$NAME"
if [[ "$(sha256_of "$work/$NAME")" != "$TXT_SHA256" ]]; then
    echo "error: checksum mismatch for decompressed $NAME" >&2
    exit 1
fi
mv "$work/$NAME" "$dest"
echo "wrote $dest"
