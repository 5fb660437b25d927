"""The spec-written PyTorch encoder agrees with the numpy reference on the tiny backbone."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from scripts import bench_pytorch as bp

REF = bp.import_reference()


@pytest.mark.parametrize("mode,tokens", [("lora", [12, 50]), ("tome", [12, 26]), ("tempme", [1, 97])])
def test_tiny_matches_reference(mode, tokens):
    weights = {k: v for k, v in REF.make_weights("tiny").items() if k.startswith("visual.")}
    frames = REF.make_frames(12)
    expected, trace = REF.encode_video(weights, frames, mode, REF.default_config("tiny", 12))
    encoder = bp.VideoEncoder({k: torch.from_numpy(v) for k, v in weights.items()},
                              bp.MergeSchedule.default("b32", 12))
    got, got_tokens = encoder(torch.from_numpy(frames)[None], mode)
    assert got_tokens == tokens == trace.blocks[-1]
    assert np.abs(got[0].numpy() - expected).max() < 1e-5


def test_merge_counts_use_integer_percent():
    # 34 tokens, 1 CLS, 2 clips: floor(68 * 0.3) = 20 (spec section 5 worked example)
    assert bp.merge_count(68, 2, 30) == 20
    assert bp.merge_count(107, 1, 10) == 10
    assert bp.merge_count(5, 1, 90) == 2  # capped at (n - c) // 2


def test_bipartite_merge_keeps_order_and_sizes():
    # c = 1: A = odd offsets (tokens 2, 4), B = even offsets (tokens 1, 3); token 4 equals token 3.
    x = torch.tensor([[[9.0, 9.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 1.0]]])
    size = torch.ones(1, 5)
    out, new_size = bp.bipartite_merge(x, size, x, 1, 1)
    assert out.tolist() == [[[9.0, 9.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]]
    assert new_size.tolist() == [[1.0, 1.0, 1.0, 2.0]]
