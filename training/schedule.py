"""TempMe's default merge schedule for training, from the repository's one definition (tempme_defaults;
training does not import the numpy reference at run time)."""
from __future__ import annotations

from tempme_defaults import DEFAULT_GROUP_SIZES, DEFAULT_MERGE_LAYERS, default_group_sizes
from tempme_defaults import missing_schedule_message as _missing

__all__ = ["DEFAULT_GROUP_SIZES", "DEFAULT_MERGE_LAYERS", "default_group_sizes", "missing_schedule_message"]


def missing_schedule_message(frames: int) -> str:
    """Why TempMe mode cannot run at `frames` without group sizes, and how to give them to training."""
    return _missing(frames, "Set group_sizes explicitly (--group-sizes, or \"group_sizes\" in the model's config.json)")
