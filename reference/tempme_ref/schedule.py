"""TempMe's default merge schedule for the reference, from the repository's one definition (tempme_defaults)."""
from __future__ import annotations

from tempme_defaults import DEFAULT_GROUP_SIZES, DEFAULT_MERGE_LAYERS, default_group_sizes
from tempme_defaults import missing_schedule_message as _missing

__all__ = ["DEFAULT_GROUP_SIZES", "DEFAULT_MERGE_LAYERS", "default_group_sizes", "missing_schedule_message"]


def missing_schedule_message(frames: int) -> str:
    """Why TempMe mode cannot run at `frames` without group sizes, and how to give them to the reference."""
    return _missing(frames, "Pass group_sizes explicitly (VideoConfig(group_sizes=...))")
