"""TempMe's default merge schedule (spec section 5), read from the repository's one definition.

Defaults/merge_schedules.json lists the merge layers and the group sizes per frame count; frame
counts it does not list have no default, and TempMe mode then needs group sizes given explicitly.
(Read here on its own: training does not import the numpy reference at run time.)
"""
from __future__ import annotations

import json
from pathlib import Path

SCHEDULES_FILE = Path(__file__).resolve().parents[1] / "Defaults" / "merge_schedules.json"

_data = json.loads(SCHEDULES_FILE.read_text())
DEFAULT_MERGE_LAYERS: tuple[int, ...] = tuple(_data["merge_layers"])
DEFAULT_GROUP_SIZES: dict[int, tuple[int, ...]] = {int(f): tuple(g) for f, g in _data["group_sizes"].items()}


def default_group_sizes(frames: int) -> tuple[int, ...]:
    """The paper's group sizes for `frames`, or () when that frame count has no default."""
    return DEFAULT_GROUP_SIZES.get(frames, ())


def missing_schedule_message(frames: int) -> str:
    """Why TempMe mode cannot run at `frames` without group sizes, and how to give them."""
    known = " and ".join(f"{f} frames (group sizes {', '.join(map(str, g))})" for f, g in sorted(DEFAULT_GROUP_SIZES.items()))
    return (f"TempMe mode has no default merge schedule for {frames} frames; the paper defines one for {known}. "
            f"Set group_sizes explicitly (--group-sizes, or \"group_sizes\" in the model's config.json; one per merge "
            f"layer, the frame count must divide by each in turn), or use a frame count with a default, "
            f"or mode lora or tome (they need no schedule)")
