#!/usr/bin/env bash
# Download OpenAI's published CLIP checkpoint, verify its SHA-256 and convert it into a model directory.
#
# Usage: scripts/fetch_model.sh b32|b16 [DEST] [--force]
#   b32, b16   ViT-B/32 (ViT-B-32.pt) or ViT-B/16 (ViT-B-16.pt), about 340 MB each, from OpenAI
#   DEST       model directory to write (default: models/b32 or models/b16 under the current directory)
#   --force    replace a model already in DEST
# Environment:
#   TEMPME_MODEL_URL     fetch this instead of OpenAI's URL: http(s)://, file:// or a local path (mirrors, offline use)
#   TEMPME_MODEL_SHA256  the SHA-256 that file must have (default: the official file's, which its URL names)
#   PYTHON               interpreter for scripts/convert_checkpoint.py (default: .venv/bin/python from scripts/bootstrap.sh)
# Nothing is written to DEST unless the checksum matches and the conversion succeeds; the download and the
# conversion happen in a temporary folder next to DEST, removed on exit. Then: scripts/run-daemon.sh --model DEST
set -euo pipefail

BASE_URL="https://openaipublic.azureedge.net/clip/models"
# As in openai/CLIP clip/clip.py `_MODELS`: the folder of each file is its SHA-256.
B32_SHA256="40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af"
B16_SHA256="5806e77cd80f8b59890b7e101eabd078d9fb84e6937f9e85e4ecb61988df416f"

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
fail() { echo "error: $*" >&2; exit 1; }

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-$repo_root/.venv/bin/python}"
[[ -x "$python" ]] || fail "$python is missing: run scripts/bootstrap.sh first (it makes .venv with torch and the project's packages)"

force=""; args=()
for arg in "$@"; do
    case "$arg" in
        --force) force="--force" ;;
        -h|--help) usage ;;
        -*) echo "error: unknown option $arg" >&2; usage ;;
        *) args+=("$arg") ;;
    esac
done
[[ ${#args[@]} -ge 1 && ${#args[@]} -le 2 ]] || usage
case "${args[0]}" in
    b32) file="ViT-B-32.pt"; sha256="$B32_SHA256" ;;
    b16) file="ViT-B-16.pt"; sha256="$B16_SHA256" ;;
    *) echo "error: unknown model '${args[0]}' (b32 or b16)" >&2; usage ;;
esac
url="${TEMPME_MODEL_URL:-$BASE_URL/$sha256/$file}"
sha256="${TEMPME_MODEL_SHA256:-$sha256}"
dest="${args[1]:-models/${args[0]}}"

if [[ -z "$force" && -e "$dest/clip.safetensors" ]]; then
    fail "$dest already holds a model; pass --force to replace it"
fi
mkdir -p "$(dirname "$dest")"
work="$(mktemp -d "$(dirname "$dest")/.fetch_model.XXXXXX")"
trap 'rm -rf "$work"' EXIT

download() {  # URL FILE
    if [[ "$1" != *://* ]]; then cp "$1" "$2"
    elif command -v curl >/dev/null; then curl -fL --retry 3 --progress-bar -o "$2" "$1"
    elif command -v wget >/dev/null; then wget -q --show-progress -O "$2" "$1"
    else "$python" -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' "$1" "$2"
    fi
}

echo "downloading $url"
download "$url" "$work/$file" || fail "could not download $url; nothing was written to $dest"
actual="$(sha256sum "$work/$file" | cut -d' ' -f1)"
if [[ "$actual" != "$sha256" ]]; then
    fail "SHA-256 mismatch for $url: expected $sha256, got $actual (a corrupt or different file); nothing was written to $dest"
fi
echo "SHA-256 verified: $sha256"

"$python" "$repo_root/scripts/convert_checkpoint.py" "$work/$file" "$work/model" \
    || fail "conversion failed; nothing was written to $dest"
mkdir -p "$dest"
rm -f "$dest/adapter.safetensors"   # OpenAI's checkpoints have no adapter: a stale one would be loaded with them
for name in clip.safetensors config.json; do   # same filesystem: each move is a rename; config.json last
    mv -f "$work/model/$name" "$dest/$name"
done
echo "model written to $dest; serve it with: scripts/run-daemon.sh --model $dest"
