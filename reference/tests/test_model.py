"""Token counts and complexity against spec section 6, plus tower properties and golden reproduction."""

import json
from pathlib import Path

import numpy as np
import pytest

from scripts import make_goldens
from tempme_ref import Shape, default_config, encode_text, encode_video, make_frames, make_weights

ROOT = Path(__file__).resolve().parents[2]
# Same widths as tiny, B/16 patch grid: token counts do not depend on width.
TINY16 = Shape("tiny16", 64, 12, 1, 16, 224, 32, 64, 12, 1)

# spec section 6: (backbone, frames) -> mode -> (tokens out, paper GMACs or None)
TABLE = {
    ("b32", 12): {"lora": ([12, 50], 53.0), "tome": ([12, 26], 40.2), "tempme": ([1, 97], 34.8)},
    ("b32", 64): {"lora": ([64, 50], None), "tome": ([64, 26], None), "tempme": ([1, 500], None)},
    ("b16", 12): {"lora": ([12, 197], 211.3), "tome": ([12, 77], 144.4), "tempme": ([1, 127], 121.4)},
}


@pytest.fixture(scope="module")
def tiny():
    return make_weights("tiny")


@pytest.fixture(scope="module")
def b32():
    return make_weights("b32")


def run(weights, backbone, frames, mode, cpe=True):
    return encode_video(weights, make_frames(frames), mode, default_config(backbone, frames, cpe=cpe))


def check_row(weights, backbone, frames, count_flops):
    for mode, (tokens, gmacs) in TABLE[(backbone, frames)].items():
        emb, trace = run(weights, backbone, frames, mode, cpe=(frames == 12))
        assert trace.blocks[-1] == tokens, (backbone, frames, mode)
        assert abs(np.linalg.norm(emb) - 1) < 1e-5
        if count_flops and gmacs is not None:
            assert abs(trace.macs / 1e9 / gmacs - 1) < 0.02, (backbone, mode, trace.macs)


def test_b32_12_frames_tokens_and_gmacs(b32):
    check_row(b32, "b32", 12, count_flops=True)


def test_b16_grid_12_frames_tokens():
    check_row(make_weights(TINY16), "b16", 12, count_flops=False)


def test_64_frames_tokens(tiny):
    check_row(tiny, "b32", 64, count_flops=False)


@pytest.mark.slow
def test_b16_12_frames_full_width_tokens_and_gmacs():
    check_row(make_weights("b16"), "b16", 12, count_flops=True)


@pytest.mark.slow
def test_b32_64_frames_full_width_tokens(b32):
    check_row(b32, "b32", 64, count_flops=True)


def test_tempme_schedule_trace(tiny):
    _, trace = run(tiny, "b32", 12, "tempme")
    assert trace.blocks == [[12, 48], [12, 46], [12, 44], [12, 42], [12, 40], [12, 38], [12, 36], [12, 34],
                            [6, 44], [3, 56], [1, 107], [1, 97]]
    assert sum(trace.block_macs) < trace.macs  # patch embedding and projection come on top


def test_cpe_and_lora_matter_and_zero_adapter_equals_absent(tiny):
    frames = make_frames(12)
    cfg = default_config("tiny", 12)
    with_cpe, _ = encode_video(tiny, frames, "tempme", cfg)
    without_cpe, _ = encode_video(tiny, frames, "tempme", default_config("tiny", 12, cpe=False))
    assert np.abs(with_cpe - without_cpe).max() > 1e-5
    bare = make_weights("tiny", adapter=False)
    zeroed = {**bare, **{k: np.zeros_like(v) for k, v in tiny.items() if "TVPt" in k}}
    a, _ = encode_video(bare, frames, "tempme", cfg)
    b, _ = encode_video(zeroed, frames, "tempme", cfg)
    np.testing.assert_allclose(a, b, atol=1e-6)
    assert np.abs(a - with_cpe).max() > 1e-5


def test_cpe_shape_mismatch_is_an_error(tiny):
    with pytest.raises(ValueError):
        run(tiny, "b32", 64, "tempme", cpe=True)


def test_text_padding_is_invisible_and_output_normalized(tiny):
    ids = np.zeros((2, 32), dtype=np.int64)
    ids[:, :5] = [49406, 320, 0, 1929, 49407]
    ids[1, 5:] = 777  # different padding ids after EOT
    out = encode_text(tiny, ids)
    np.testing.assert_allclose(out[0], out[1], atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1, atol=1e-5)
    shorter = encode_text(tiny, ids[:1, :8])  # only positional rows up to L are used
    np.testing.assert_allclose(shorter[0], out[0], atol=1e-5)


def test_committed_tiny_goldens_reproduce():
    fresh = make_goldens.build("tiny")
    committed = json.loads((ROOT / "Tests" / "TempMeModelTests" / "Golden" / "tiny.json").read_text())
    assert fresh["weight_samples"] == committed["weight_samples"]
    for a, b in zip(fresh["video"] + fresh["text"], committed["video"] + committed["text"]):
        assert np.abs(np.array(a["embedding"]) - np.array(b["embedding"])).max() < 1e-6
        assert a.get("blocks") == b.get("blocks") and a.get("macs") == b.get("macs")
