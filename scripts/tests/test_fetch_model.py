"""scripts/fetch_model.sh offline: a small fake checkpoint served on loopback (or read from a local path) stands in
for OpenAI's file, its hash passed with TEMPME_MODEL_SHA256. No test touches the internet."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import torch  # noqa: F401  (the converter needs it)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "fetch_model.sh"
from scripts.tests.synthetic_checkpoints import write_checkpoint

OFFICIAL_B32_SHA256 = "40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af"


@pytest.fixture
def served(tmp_path):
    """(URL, SHA-256) of a fake ViT-B-32.pt served by a loopback HTTP server, laid out like OpenAI's URL."""
    root = tmp_path / "www"
    (root / "fake").mkdir(parents=True)
    checkpoint = root / "fake" / "ViT-B-32.pt"
    write_checkpoint("openai_torchscript", checkpoint)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/fake/ViT-B-32.pt", hashlib.sha256(checkpoint.read_bytes()).hexdigest()
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def fetch(tmp_path: Path, *args: str, url: str, sha256: str | None = None) -> subprocess.CompletedProcess:
    """Run fetch_model.sh in `tmp_path` with the source (and hash) overridden."""
    env = {**os.environ, "TEMPME_MODEL_URL": url, "PYTHON": sys.executable}
    env.pop("TEMPME_MODEL_SHA256", None)
    if sha256:
        env["TEMPME_MODEL_SHA256"] = sha256
    return subprocess.run(["bash", str(SCRIPT), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".fetch_model"))


def test_verified_download_is_converted(served, tmp_path):
    url, sha256 = served
    done = fetch(tmp_path, "b32", url=url, sha256=sha256)
    assert done.returncode == 0, done.stderr
    model = tmp_path / "models" / "b32"
    assert sorted(p.name for p in model.iterdir()) == ["clip.safetensors", "config.json"]
    config = json.loads((model / "config.json").read_text())
    assert config["backbone"]["visual_width"] == 64 and config["source_layout"] == "openai" and config["cpe"] is False
    assert f"SHA-256 verified: {sha256}" in done.stdout and leftovers(tmp_path / "models") == []


def test_local_file_and_destination(served, tmp_path):
    url, sha256 = served
    local = tmp_path / "www" / "fake" / "ViT-B-32.pt"
    done = fetch(tmp_path, "b32", "elsewhere/clip-b32", url=str(local), sha256=sha256)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "elsewhere" / "clip-b32" / "config.json").is_file()
    again = fetch(tmp_path, "b32", "elsewhere/clip-b32", url=str(local), sha256=sha256)
    assert again.returncode == 1 and "--force" in again.stderr
    assert fetch(tmp_path, "b32", "elsewhere/clip-b32", "--force", url=str(local), sha256=sha256).returncode == 0


@pytest.mark.parametrize("given", ["0" * 64, None])
def test_hash_mismatch_writes_nothing(served, tmp_path, given):
    """A wrong file fails clearly, whether the expected hash is given or the official one applies."""
    url, _ = served
    done = fetch(tmp_path, "b32", url=url, sha256=given)
    assert done.returncode == 1
    expected = given or OFFICIAL_B32_SHA256
    assert f"SHA-256 mismatch for {url}: expected {expected}" in done.stderr
    assert "nothing was written to models/b32" in done.stderr
    assert not (tmp_path / "models" / "b32").exists() and leftovers(tmp_path / "models") == []


def test_unknown_model_is_a_usage_error(tmp_path):
    done = fetch(tmp_path, "b64", url="http://127.0.0.1:9/none")
    assert done.returncode == 2 and "unknown model 'b64'" in done.stderr
