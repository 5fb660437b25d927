#!/usr/bin/env bash
# Runs every test: the Swift suites (engine parity, video, store, transport, service, end to end)
# and the Python ones (the numpy reference, the converter and PyTorch bench, training). Installs
# what is missing first (scripts/bootstrap.sh); every Python runs from the project's .venv.
#
# Usage: scripts/test.sh [extra swift test arguments]
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
scripts/bootstrap.sh
export PATH="$repo_root/.venv/bin:$PATH"
swift build --build-tests
swift test --skip-build "$@"
# Every Python suite in one run (pyproject.toml lists them; the slow reference runs need `-m slow`).
python -m pytest -q
