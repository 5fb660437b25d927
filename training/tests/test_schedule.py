"""The default merge schedule per frame count (spec section 5) and the refusal of frame counts without one."""
from __future__ import annotations

import pytest
import torch

from training.merge import MergeSchedule
from training.model import CLIP, Backbone

# Spec section 5, written out here: merge layers 8, 9, 10; groups 2, 2, 3 (12 frames), 4, 4, 4 (64 frames).
PAPER = {12: (2, 2, 3), 64: (4, 4, 4)}
FRAMES = [12, 24, 64, 96, 128]


@pytest.fixture(scope="module")
def small():
    model = CLIP(Backbone(visual_width=64, visual_layers=6, patch_size=32, image_size=64, embed_dim=32, text_width=64,
                          text_layers=1, context_length=77, vocab_size=49408))
    model.initialize(0)
    return model


@pytest.mark.parametrize("frames", FRAMES)
def test_default_schedule(frames):
    for schedule in (MergeSchedule.default("b32", frames), MergeSchedule.default("b16", frames),
                     MergeSchedule.for_depth(12, frames)):
        assert schedule.merge_layers == (8, 9, 10)
        assert schedule.group_sizes == PAPER.get(frames, ())
    assert MergeSchedule.for_depth(6, frames).merge_layers == (3, 4, 5)


@pytest.mark.parametrize("frames", [f for f in FRAMES if f not in PAPER])
def test_tempme_refuses_frames_without_a_default(small, frames):
    schedule = MergeSchedule.for_depth(6, frames)
    with pytest.raises(ValueError) as error:
        small.visual(torch.zeros(1, frames, 3, 64, 64), "tempme", schedule)
    message = str(error.value)
    assert f"no default merge schedule for {frames} frames" in message
    assert "12 frames (group sizes 2, 2, 3)" in message and "64 frames (group sizes 4, 4, 4)" in message
    assert "group_sizes" in message
    with pytest.raises(ValueError, match="no default merge schedule"):
        schedule.cpe_clips(frames)


@pytest.mark.parametrize("mode", ["lora", "tome"])
def test_lora_and_tome_need_no_schedule(small, mode):
    with torch.no_grad():
        _, tokens = small.visual(torch.zeros(1, 24, 3, 64, 64), mode, MergeSchedule.for_depth(6, 24))
    assert tokens[0] == 24


def test_explicit_group_sizes_work_without_a_default(small):
    schedule = MergeSchedule(2, 30, 10, (3, 4, 5), (2, 3, 4), cpe=False)
    with torch.no_grad():
        _, tokens = small.visual(torch.zeros(1, 24, 3, 64, 64), "tempme", schedule)
    assert tokens[0] == 1
