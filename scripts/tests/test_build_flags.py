"""Only numeric kernels may be built without safety checks: no Swift target that parses outside
bytes (video containers, stored records, weight files, query text) gets -Ounchecked."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Targets of pure arithmetic on buffers the caller sized; nothing else may drop checks.
NUMERIC_KERNEL_TARGETS = {"CTempMeKernels"}
UNCHECKED_FLAGS = {"-Ounchecked", "-enforce-exclusivity=unchecked", "-remove-runtime-asserts"}


def package_targets() -> list[dict]:
    """Package.swift's targets as SwiftPM reads them."""
    swift = shutil.which("swift")
    if swift is None:
        pytest.fail("swift is not on PATH: the manifest cannot be read")
    dump = subprocess.run([swift, "package", "dump-package"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert dump.returncode == 0, dump.stderr
    return json.loads(dump.stdout)["targets"]


def unsafe_flags(target: dict) -> set[str]:
    """Every unsafe flag a target sets, in any configuration."""
    flags = set()
    for setting in target.get("settings", []):
        flags.update(setting.get("kind", {}).get("unsafeFlags", {}).get("_0", []))
    return flags


def test_only_numeric_kernels_drop_safety_checks():
    targets = package_targets()
    names = {t["name"] for t in targets}
    assert {"TempMeVideo", "TempMeStore", "TempMeModel"} <= names
    offenders = {t["name"]: sorted(unsafe_flags(t) & UNCHECKED_FLAGS) for t in targets
                 if t["name"] not in NUMERIC_KERNEL_TARGETS and unsafe_flags(t) & UNCHECKED_FLAGS}
    assert not offenders, f"targets built without safety checks: {offenders}"
