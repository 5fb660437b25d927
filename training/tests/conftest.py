"""Shared fixtures: a stub tokenizer, a tiny generated dataset."""
from __future__ import annotations

import zlib

import pytest


class StubTokenizer:
    """Word-hash tokenizer with CLIP's SOT/EOT framing, so tests need no vocabulary file."""

    def encode(self, text: str, max_words: int = 32) -> list[int]:
        words = [1 + zlib.crc32(w.encode()) % 1000 for w in text.lower().split()]
        ids = [49406] + words[:max_words - 2] + [49407]
        return ids + [0] * (max_words - len(ids))


@pytest.fixture(scope="session")
def stub_tokenizer():
    """A StubTokenizer (stateless, so one serves the session, module-scoped fixtures included)."""
    return StubTokenizer()


@pytest.fixture(scope="session")
def tiny_dataset(tmp_path_factory):
    """8 train + 4 test clips of 64 x 64 pixels, 16 frames at 8 fps (needs ffmpeg)."""
    import shutil

    if shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None:
        pytest.fail("ffmpeg/ffprobe are not installed: scripts/bootstrap.sh installs them")
    from training.synthetic import generate

    out = tmp_path_factory.mktemp("synthetic")
    return generate(out, train=8, test=4, seed=3, frames=16, fps=8, size=64)
