"""The repository's one definition of TempMe's default merge schedules (spec section 5), read from
Defaults/merge_schedules.json for the numpy reference, training and the Swift code generator.

The file lists the merge layers and the group sizes per frame count; frame counts it does not list
have no default, and TempMe mode then needs group sizes given explicitly. Only the standard library
is used, so importing this pulls in neither the reference's numpy code nor training's PyTorch.
"""
from __future__ import annotations

import json
from pathlib import Path

SCHEDULES_FILE = Path(__file__).resolve().parents[2] / "Defaults" / "merge_schedules.json"

SCHEDULES: dict = json.loads(SCHEDULES_FILE.read_text())
DEFAULT_MERGE_LAYERS: tuple[int, ...] = tuple(SCHEDULES["merge_layers"])
DEFAULT_GROUP_SIZES: dict[int, tuple[int, ...]] = {int(f): tuple(g) for f, g in SCHEDULES["group_sizes"].items()}


def default_group_sizes(frames: int) -> tuple[int, ...]:
    """The paper's group sizes for `frames`, or () when that frame count has no default."""
    return DEFAULT_GROUP_SIZES.get(frames, ())


def missing_schedule_message(frames: int, how_to_set: str) -> str:
    """Why TempMe mode cannot run at `frames` without group sizes; `how_to_set` names the caller's way to give them."""
    known = " and ".join(f"{f} frames (group sizes {', '.join(map(str, g))})" for f, g in sorted(DEFAULT_GROUP_SIZES.items()))
    return (f"TempMe mode has no default merge schedule for {frames} frames; the paper defines one for {known}. "
            f"{how_to_set}, one per merge layer (the frame count must divide by each in turn); or use a frame count "
            f"with a default, or mode lora or tome (they need no schedule)")
