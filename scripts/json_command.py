"""Run a command whose last line of output is one JSON object (tempmectl --json, the benchmarks)."""
from __future__ import annotations

import json
import subprocess


def run_json(command: list[str]) -> dict:
    """The JSON object on the command's last output line ({} when it prints nothing).

    Raises RuntimeError naming the command, its exit status and its stderr (else stdout) when it fails.
    """
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: exit {done.returncode}: {done.stderr.strip() or done.stdout.strip()}")
    out = done.stdout.strip()
    return json.loads(out.splitlines()[-1]) if out else {}
