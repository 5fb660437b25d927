"""The training model equals the numpy reference (spec-exact) on the deterministic tiny weights."""
from __future__ import annotations

import numpy as np
import pytest
import tempme_ref
import torch

from training.merge import MergeSchedule, merge_count
from training.model import CLIP


@pytest.fixture(scope="module")
def tiny():
    weights = tempme_ref.make_weights("tiny")
    return weights, CLIP.from_state_dict({k: torch.from_numpy(v) for k, v in weights.items()})


@pytest.mark.parametrize("mode,tokens", [("lora", [12, 50]), ("tome", [12, 26]), ("tempme", [1, 97])])
def test_video_matches_reference(tiny, mode, tokens):
    weights, model = tiny
    frames = tempme_ref.make_frames(12)
    expected, trace = tempme_ref.encode_video(weights, frames, mode, tempme_ref.default_config("tiny", 12))
    with torch.no_grad():
        got, got_tokens = model.visual(torch.from_numpy(frames)[None], mode, MergeSchedule.default("b32", 12))
    assert got_tokens == tokens == trace.blocks[-1]
    assert np.abs(got[0].numpy() - expected).max() < 1e-5


def test_text_matches_reference(tiny):
    weights, model = tiny
    ids = np.zeros((2, 32), np.int64)
    ids[0, :5] = [49406, 320, 736, 7117, 49407]
    ids[1, :8] = [49406, 0, 5, 6, 7, 8, 9, 49407]  # id 0 inside the text is an ordinary token
    with torch.no_grad():
        got = model.encode_text(torch.from_numpy(ids)).numpy()
    assert np.abs(got - tempme_ref.encode_text(weights, ids)).max() < 1e-5


def test_gradients_reach_lora_and_cpe(tiny):
    _, model = tiny
    for name, p in model.named_parameters():
        p.requires_grad_("TVPt_" in name)
    frames = torch.from_numpy(tempme_ref.make_frames(12))[None]
    loss = model.encode_video(frames, "tempme", MergeSchedule.default("b32", 12)).sum()
    loss.backward()
    cpe = model.visual.transformer.resblocks[8].TVPt_Video_Positional_embedding
    lora_a = model.visual.transformer.resblocks[0].attn.TVPt_LoRA_a
    assert cpe.grad is not None and cpe.grad.abs().sum() > 0
    assert lora_a.grad is not None and lora_a.grad.abs().sum() > 0


def test_schedule_for_small_depth():
    s = MergeSchedule.for_depth(6)
    assert s.merge_layers == (3, 4, 5) and s.cpe_clips(12) == {3: 12, 4: 6, 5: 3}
    assert MergeSchedule.for_depth(12).merge_layers == (8, 9, 10)
    assert merge_count(68, 2, 30) == 20 and merge_count(5, 1, 90) == 2
