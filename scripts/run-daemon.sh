#!/usr/bin/env bash
# Builds (release) and runs tempmed in the foreground with its defaults: data in ./tempmed-data,
# listening on 127.0.0.1:7700 and a Unix socket there, serving the demo model. Extra arguments go
# to tempmed (e.g. --model DIR, --config FILE). Installs what is missing first
# (scripts/bootstrap.sh, which also sets up .venv for the Python scripts README shows).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
scripts/bootstrap.sh
# Only the two binaries: a bare `swift build -c release` also builds swift-protobuf's protoc (C++), which
# nothing here uses.
swift build -c release --product tempmed
swift build -c release --product tempmectl
exec .build/release/tempmed "$@"
