#!/usr/bin/env bash
# Installs what tempmed needs on a Debian bookworm machine, once: the C libraries (OpenBLAS,
# RocksDB, FFmpeg, libgrpc++), the ffmpeg CLI and systemd tools the tests use, Python packages
# for the reference, training and client tests (torch is large: a first install takes minutes),
# and CLIP's BPE vocabulary. Idempotent and quiet when done.
#
# Usage: scripts/bootstrap.sh [--no-python]
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

debian_packages=(
    pkg-config libopenblas-dev librocksdb-dev libgrpc++-dev libprotobuf-dev protobuf-compiler
    libavformat-dev libavcodec-dev libswscale-dev libavutil-dev ffmpeg systemd unzip openssl
)
python_packages=(numpy pytest grpcio grpcio-tools torch safetensors)

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

if [[ "${1:-}" != "--no-python" ]]; then
    need=()
    for p in "${python_packages[@]}"; do
        mod=${p//-/_}; [[ $p == grpcio ]] && mod=grpc; [[ $p == grpcio-tools ]] && mod=grpc_tools
        python3 -c "import $mod" 2>/dev/null || need+=("$p")
    done
    if ((${#need[@]})); then
        echo "bootstrap: installing Python packages: ${need[*]}"
        python3 -m pip install -q "${need[@]}"
    fi
fi

"$repo_root/scripts/fetch_vocab.sh" >/dev/null
