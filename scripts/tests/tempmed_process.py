"""The built `tempmed` on a temporary data directory and loopback port, for tests that talk to it with tempmectl."""
from __future__ import annotations

import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from scripts.built_binary import built_binary


@contextmanager
def running_tempmed(work: Path, *flags: str, ready_seconds: float = 120) -> Iterator[tuple[str, Path]]:
    """(address, tempmectl) of a tempmed started with `flags` (data in `work`); fails without a build; stopped after."""
    tempmed, tempmectl = built_binary("tempmed"), built_binary("tempmectl")
    if not tempmed.is_file() or not tempmectl.is_file():
        pytest.fail(f"{tempmed} or {tempmectl} is missing: build first (swift build; TEMPME_BUILD_DIR names another build folder)")
    work.mkdir(parents=True, exist_ok=True)
    port_file, log = work / "port", work / "daemon.log"
    with open(log, "w") as log_stream:
        process = subprocess.Popen([str(tempmed), "--data-dir", str(work / "data"), "--listen", "127.0.0.1:0",
                                    "--port-file", str(port_file), "--set", "http.listen=127.0.0.1:0", *flags], stdout=subprocess.DEVNULL, stderr=log_stream)
    try:
        deadline = time.monotonic() + ready_seconds
        while time.monotonic() < deadline and process.poll() is None:
            if port_file.is_file() and port_file.read_text().strip():
                address = f"127.0.0.1:{port_file.read_text().strip()}"
                if subprocess.run([str(tempmectl), "health", "--server", address], capture_output=True).returncode == 0:
                    break
            time.sleep(0.2)
        else:
            pytest.fail(f"tempmed {' '.join(flags)} did not become ready:\n{log.read_text()[-2000:]}")
        yield address, tempmectl
    finally:
        process.terminate()
        process.wait(timeout=30)
