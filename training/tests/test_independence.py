"""training/ never uses the numpy reference at run time: the reference stays an independent oracle (tests may
import both to compare them; scripts/parity.py does, as a tool)."""
from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import training

PACKAGE = Path(training.__file__).resolve().parent
# Every module of the package; __main__ only runs cli.main (imported through `cli`).
MODULES = sorted(f"training.{m.name}" for m in pkgutil.iter_modules([str(PACKAGE)]) if m.name != "__main__")


def test_every_training_module_imports_without_the_reference():
    code = ("import importlib, sys\n"
            f"for name in {MODULES!r}: importlib.import_module(name)\n"
            "assert 'tempme_ref' not in sys.modules, 'a training module imported tempme_ref'\n")
    subprocess.run([sys.executable, "-c", code], check=True)
    assert {"training.evaluate", "training.flops", "training.model", "training.train"} <= set(MODULES)


def test_no_training_source_imports_the_reference_even_lazily():
    """Also imports inside functions, which an import-time check cannot see."""
    offenders = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name}:{node.lineno} {n}" for n in names if n.split(".")[0] == "tempme_ref"]
    assert not offenders, offenders
