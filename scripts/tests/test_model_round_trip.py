"""Round trips through the converter and the real daemon, one per checkpoint layout convert_checkpoint.py reads.

Each test writes a small synthetic checkpoint (the tiny 12-block CLIP shape, deterministic weights) in one
layout, converts it with `scripts/convert_checkpoint.py` as a user runs it, serves it with `tempmed --model`,
ingests a clip made with the ffmpeg CLI and compares the stored video embedding, and the embedding of a stored
caption, with the numpy reference (reference/tempme_ref) on the same frames (decoded with the ffmpeg CLI,
sampled and preprocessed with Pillow as spec section 4 says) to 1e-4. Skips without ffmpeg or the Swift build.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import torch

from scripts.reference_preprocess import preprocess, sample_frames
from scripts.tests.synthetic_checkpoints import LAYOUTS, canonical_weights, write_checkpoint
from scripts.tests.tempmed_process import running_tempmed
from tempme_ref import VideoConfig, encode_text, encode_video

ROOT = Path(__file__).resolve().parents[2]

TOLERANCE = 1e-4
FRAMES = 12
CAPTION = "a red circle moves left then a blue square appears"
CLIP_SOURCE = "testsrc2=size=160x120:rate=2:duration=15"   # 30 frames at 2 fps: 15 candidates, 12 sampled
TEMPME_SCHEDULE = VideoConfig(r_img=2, merged_pct_cross=30, merged_pct_intra=10, merge_layers=(8, 9, 10),
                              group_sizes=(2, 2, 3), cpe=True)   # patch-32 defaults; the CPE implies 8-10, 2-2-3


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> tuple[Path, np.ndarray, list[int]]:
    """(clip path, reference frames [F, 3, 224, 224], sampled frame numbers) of a lossless RGB clip."""
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is not installed: scripts/bootstrap.sh installs it")
    path = tmp_path_factory.mktemp("clip") / "testsrc2.mkv"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", CLIP_SOURCE, "-c:v", "png", "-pix_fmt", "rgb24",
                    str(path)], check=True)
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         check=True, capture_output=True).stdout
    decoded = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 120, 160, 3)
    picks = sample_frames(len(decoded), 2.0, FRAMES)
    return path, np.stack([preprocess(decoded[i])[1] for i in picks]), picks


def caption_ids() -> np.ndarray:
    """The caption's token ids (max_words 32) from the Python tokenizer."""
    from training.tokenizer import Tokenizer

    return np.array([Tokenizer().encode(CAPTION, 32)])


def served_embeddings(model_dir: Path, clip_path: Path, work: Path) -> tuple[dict, list[float]]:
    """(video record, caption embedding) from a daemon serving `model_dir` in fp32 (the exact format the reference
    is held to; `auto` would pick int8 on most CPUs), after ingesting the clip."""
    with running_tempmed(work, "--model", str(model_dir), "--precision", "fp32") as (address, tempmectl):
        def ctl(*args: str) -> str:
            done = subprocess.run([str(tempmectl), *args, "--server", address], capture_output=True, text=True)
            assert done.returncode == 0, f"tempmectl {' '.join(args)}: {done.stdout}{done.stderr}"
            return done.stdout
        ctl("ingest", str(clip_path))
        ctl("add-text", "caption", CAPTION)
        video = json.loads(ctl("get", clip_path.stem, "--embedding", "--json"))["record"]
        text = json.loads(ctl("get", "caption", "--kind", "text", "--embedding", "--json"))["record"]
    return video, text["embedding"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_converted_checkpoint_serves_reference_embeddings(layout, clip, tmp_path):
    clip_path, frames, picks = clip
    checkpoint = tmp_path / ("tempme_ckpt.pth" if layout == "tempme" else "checkpoint.pt")
    weights = write_checkpoint(layout, checkpoint)
    model_dir = tmp_path / "model"
    converted = subprocess.run([sys.executable, str(ROOT / "scripts" / "convert_checkpoint.py"), str(checkpoint),
                                str(model_dir)], capture_output=True, text=True)
    assert converted.returncode == 0, converted.stderr

    video, text = served_embeddings(model_dir, clip_path, tmp_path / "daemon")

    assert video["video"]["sampled_frames"] == picks
    expected_video, _ = encode_video(weights, frames, "tempme", TEMPME_SCHEDULE)
    expected_text = encode_text(weights, caption_ids())[0]
    assert np.abs(np.array(video["embedding"]) - expected_video).max() <= TOLERANCE
    assert np.abs(np.array(text) - expected_text).max() <= TOLERANCE


def test_the_adapter_is_visible_at_this_tolerance(clip):
    """The tempme round trip would notice a dropped LoRA or CPE: each moves the reference far beyond 1e-4."""
    _, frames, _ = clip
    full = canonical_weights(adapter=True)
    no_lora = {k: v for k, v in full.items() if "TVPt_LoRA" not in k}
    no_cpe = {k: v for k, v in full.items() if "TVPt_Video_Positional_embedding" not in k}
    video = encode_video(full, frames, "tempme", TEMPME_SCHEDULE)[0]
    for partial in (no_lora, no_cpe):
        assert np.abs(encode_video(partial, frames, "tempme", TEMPME_SCHEDULE)[0] - video).max() > 100 * TOLERANCE
    ids = caption_ids()
    assert np.abs(encode_text(no_lora, ids) - encode_text(full, ids)).max() > 100 * TOLERANCE
