"""Where the Swift build put an executable: the release build if present, else the debug build."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def built_binary(name: str) -> Path:
    """`.build/release/NAME` if it exists, else `.build/debug/NAME` (which may not exist either)."""
    release = ROOT / ".build" / "release" / name
    return release if release.is_file() else ROOT / ".build" / "debug" / name
