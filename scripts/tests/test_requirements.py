"""requirements.txt is the one list of Python packages: every third-party module imported by the
project's Python code is pinned there with '==', and the environment the tests run in (.venv)
holds exactly those pins and nothing broken. Catches an unlisted import on any machine, even one
that happens to have the package installed already."""
from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON_TREES = ("reference", "training", "scripts", "Tests")
# Modules generated at test time (the Python gRPC stubs of Protos/tempme).
GENERATED = {"tempme"}
# The project's own distribution (pyproject.toml, installed editable by bootstrap.sh): not a requirement.
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]


def pinned_requirements() -> dict[str, str]:
    """Distribution name (normalized) -> pinned version, from requirements.txt."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", line)
        assert match, f"requirements.txt: '{line}' is not an exact 'name==version' pin"
        pins[normalize(match.group(1))] = match.group(2)
    return pins


def normalize(name: str) -> str:
    """PEP 503 normalized distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def project_files() -> list[Path]:
    """Every Python file of the project (not the virtual environment or build folders)."""
    return [f for tree in PYTHON_TREES for f in (ROOT / tree).rglob("*.py")]


def local_module_names(files: list[Path]) -> set[str]:
    """Names a project file can import without a package: its own modules and folders."""
    names = set(GENERATED)
    for f in files:
        names.add(f.stem)
        names.update(f.relative_to(ROOT).parts[:-1])
    return names


def imported_top_level_modules(files: list[Path]) -> dict[str, Path]:
    """Absolute imports' top-level module names, each with one file that imports it."""
    found = {}
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(), str(f))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], f)
    return found


def third_party_imports() -> dict[str, Path]:
    """Imported modules that are neither the standard library nor the project's own."""
    files = project_files()
    local = local_module_names(files)
    return {m: f for m, f in imported_top_level_modules(files).items()
            if m not in sys.stdlib_module_names and m not in local}


def test_every_third_party_import_is_pinned():
    pins = pinned_requirements()
    distributions = metadata.packages_distributions()
    problems = []
    for module, where in sorted(third_party_imports().items()):
        owners = distributions.get(module)
        if not owners:
            problems.append(f"{module} (imported by {where.relative_to(ROOT)}) is installed by no package here; "
                            "add the package that provides it to requirements.txt")
        elif not any(normalize(d) in pins for d in owners):
            problems.append(f"{module} (imported by {where.relative_to(ROOT)}) comes from {owners}, "
                            "which requirements.txt does not pin")
    assert not problems, "\n".join(problems)


def test_the_scan_finds_known_imports():
    """The scan above finds real imports: ftfy, torch and numpy are among them."""
    modules = third_party_imports()
    assert {"ftfy", "regex", "numpy", "torch", "PIL", "grpc"} <= set(modules)


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="runs inside the project's .venv (scripts/test.sh)")
def test_the_virtual_environment_holds_exactly_the_pins():
    pins = pinned_requirements()
    installed = {normalize(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed.pop("pip", None)
    project = installed.pop(normalize(PROJECT), None)
    assert project is not None, f"{PROJECT} (pyproject.toml) is not installed in .venv: run scripts/bootstrap.sh"
    unpinned = sorted(set(installed) - set(pins))
    wrong = sorted(f"{n}: installed {installed[n]}, pinned {v}" for n, v in pins.items() if installed.get(n) != v)
    assert not unpinned, f"installed but not in requirements.txt: {unpinned}"
    assert not wrong, f"installed versions differ from requirements.txt: {wrong}"
    check = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    assert check.returncode == 0, f"pip check: a pinned package lacks a dependency:\n{check.stdout}{check.stderr}"
