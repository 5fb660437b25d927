#!/usr/bin/env bash
# Installs what tempmed needs on a Debian bookworm machine, once: the C libraries (OpenBLAS,
# RocksDB, FFmpeg, libgrpc++), the ffmpeg CLI, systemd tools, Prometheus and Chromium the tests use, the project's
# virtual environment `.venv` with every Python package of `requirements.txt` (pinned; torch is the
# CPU build) plus the project's own packages (pyproject.toml, editable), and CLIP's BPE vocabulary.
# Idempotent and quiet when done.
#
# Everything Python in this project runs with `.venv/bin/python` (scripts/test.sh puts `.venv/bin`
# first on PATH), so stock Debian's externally managed Python (PEP 668) is never touched.
#
# Usage: scripts/bootstrap.sh
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo_root/.venv"
requirements="$repo_root/requirements.txt"

debian_packages=(
    pkg-config libopenblas-dev librocksdb-dev libgrpc++-dev libprotobuf-dev protobuf-compiler
    libavformat-dev libavcodec-dev libswscale-dev libavutil-dev ffmpeg systemd unzip openssl
    python3 python3-venv
    libdnnl-dev  # oneDNN: the precision microbenchmark's comparison candidate (tempme-precision-bench)
    curl prometheus  # the HTTP and metrics tests: promtool check metrics and a real Prometheus server on loopback
    chromium chromium-driver  # the web page's browser test (headless, driven by selenium)
)

missing=()
for p in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "bootstrap: installing Debian packages: ${missing[*]}"
    if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The virtual environment, rebuilt when requirements.txt changes (a stamp holds its checksum).
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/python" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
    echo "bootstrap: installing requirements.txt into .venv (a first install takes a minute or two)"
    [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps -r "$requirements"
    echo "$want" > "$stamp"
fi

# The project's own packages (pyproject.toml: tempme_ref, tempme_defaults, training, scripts), editable, so they import
# without path edits; offline (--no-index, the pinned setuptools builds it). Redone only when
# pyproject.toml or the checkout's path changes (a second stamp); new modules need no reinstall.
project_stamp="$venv/.project.sha256"
project_want="$(sha256sum "$repo_root/pyproject.toml" | cut -d' ' -f1) $repo_root"
if [[ "$(cat "$project_stamp" 2>/dev/null)" != "$project_want" ]]; then
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-index --no-deps --no-build-isolation -e "$repo_root"
    echo "$project_want" > "$project_stamp"
fi

"$repo_root/scripts/fetch_vocab.sh" >/dev/null
