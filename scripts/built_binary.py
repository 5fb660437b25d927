"""Where the Swift build put an executable: `$TEMPME_BUILD_DIR`, else the release build, else the debug build."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def built_binary(name: str) -> Path:
    """`$TEMPME_BUILD_DIR/NAME` when that variable is set (e.g. `.build-x/debug`), else `.build/release/NAME`
    if it exists, else `.build/debug/NAME` (which may not exist either)."""
    override = os.environ.get("TEMPME_BUILD_DIR")
    if override:
        return Path(override).resolve() / name
    release = ROOT / ".build" / "release" / name
    return release if release.is_file() else ROOT / ".build" / "debug" / name
