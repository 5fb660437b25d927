"""The default merge schedule per frame count (spec section 5) and the refusal of frame counts without one."""
from dataclasses import replace

import pytest

from tempme_ref import default_config, encode_video, make_frames, make_weights

# Spec section 5, written out here: merge layers 8, 9, 10; groups 2, 2, 3 (12 frames), 4, 4, 4 (64 frames).
PAPER = {12: (2, 2, 3), 64: (4, 4, 4)}
FRAMES = [12, 24, 64, 96, 128]


@pytest.fixture(scope="module")
def tiny():
    return make_weights("tiny")


@pytest.mark.parametrize("frames", FRAMES)
def test_default_schedule(frames):
    config = default_config("b32", frames)
    assert config.merge_layers == (8, 9, 10)
    assert config.group_sizes == PAPER.get(frames, ())


@pytest.mark.parametrize("frames", [f for f in FRAMES if f not in PAPER])
def test_tempme_refuses_frames_without_a_default(tiny, frames):
    with pytest.raises(ValueError) as error:
        encode_video(tiny, make_frames(frames), "tempme", default_config("tiny", frames))
    message = str(error.value)
    assert f"no default merge schedule for {frames} frames" in message
    assert "12 frames (group sizes 2, 2, 3)" in message and "64 frames (group sizes 4, 4, 4)" in message
    assert "group_sizes" in message


@pytest.mark.parametrize("mode", ["lora", "tome"])
def test_lora_and_tome_need_no_schedule(tiny, mode):
    _, trace = encode_video(tiny, make_frames(24), mode, default_config("tiny", 24))
    assert trace.blocks[-1][0] == 24


def test_explicit_group_sizes_work_without_a_default(tiny):
    config = replace(default_config("tiny", 24, cpe=False), group_sizes=(2, 3, 4))  # tiny's CPE is sized for 12
    _, trace = encode_video(tiny, make_frames(24), "tempme", config)
    assert trace.blocks[-1][0] == 1
