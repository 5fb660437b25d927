"""training's own multiply-add count (training/flops.py) equals the numpy reference's trace, exactly."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import tempme_ref

from training.checkpoint import schedule_from_config
from training.evaluate import video_gflops
from training.flops import video_cost
from training.merge import MergeSchedule
from training.model import CLIP, Backbone

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "Tests" / "TempMeModelTests" / "Golden"
DEMO = ROOT / "training" / "demo_model"


def backbone(dims: dict) -> Backbone:
    """A reference golden's `dims` as training's Backbone."""
    return Backbone(dims["width"], dims["layers"], dims["patch"], dims["image"], dims["embed"], dims["text_width"],
                    dims["text_layers"], dims["context"], dims["vocab"])


def golden_cases():
    for name in ("tiny", "b32"):
        golden = json.loads((GOLDEN / f"{name}.json").read_text())
        for video in golden["video"]:
            config = {k: tuple(v) if isinstance(v, list) else v for k, v in video["config"].items()}
            yield pytest.param(backbone(golden["dims"]), video, MergeSchedule(**config),
                               id=f"{name}-{video['mode']}-{video['frames']}")


@pytest.mark.parametrize("shape, video, schedule", list(golden_cases()))
def test_count_equals_the_reference_goldens(shape, video, schedule):
    cost = video_cost(shape, video["mode"], schedule, video["frames"])
    assert cost.blocks == video["blocks"]
    assert cost.macs == video["macs"]


@pytest.mark.parametrize("frames, ratios", [(12, "b16"), (24, "b32"), (64, "b16")])
@pytest.mark.parametrize("mode", ["lora", "tome", "tempme"])
def test_count_equals_a_reference_run(mode, frames, ratios):
    """Schedules the goldens do not hold: B/16 ratios (r 10, 40/20 %), 24 frames (explicit groups), 64 frames."""
    r, cross, intra = {"b32": (2, 30, 10), "b16": (10, 40, 20)}[ratios]
    groups = {12: (2, 2, 3), 24: (2, 3, 4), 64: (4, 4, 4)}[frames]
    weights = tempme_ref.make_weights("tiny", adapter=False)
    config = tempme_ref.VideoConfig(r, cross, intra, (8, 9, 10), groups, cpe=False)
    _, trace = tempme_ref.encode_video(weights, tempme_ref.make_frames(frames), mode, config)
    cost = video_cost(Backbone.from_state_dict(weights), mode, MergeSchedule(r, cross, intra, (8, 9, 10), groups, False),
                      frames)
    assert cost.blocks == trace.blocks
    assert cost.macs == trace.macs


def test_demo_model_figures_stay_the_same():
    """The GFLOPs `tempmectl eval` and docs/training.md quote for the demo model: 0.985, 0.889, 0.746."""
    config = json.loads((DEMO / "config.json").read_text())
    parity = json.loads((DEMO / "parity.json").read_text())
    model = CLIP(Backbone(**config["backbone"]))
    schedule = schedule_from_config(config, model.shape.visual_layers, 12)
    for mode, expected in {"lora": 0.985, "tome": 0.889, "tempme": 0.746}.items():
        assert round(video_gflops(model, mode, schedule, 12), 3) == expected
        assert video_cost(model.shape, mode, schedule, 12).macs == parity["video"][mode]["macs"]
