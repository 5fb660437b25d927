"""Multiply-adds of one video through the visual tower (spec section 6 counting), from shapes alone.

Token counts after every merge depend only on the shapes and the schedule, never on pixel values, so the
count walks them with integers, block by block as `VisualTower.forward` runs: the patch embedding, then per
block the ClipMe merge (its similarities on the tokens), q/k/v, attention logits and weighted values, the out
projection, the merge after attention (similarities on the 64-wide key metric) and the MLP, then `proj`.
Only matrix products count (the paper's convention); layer norms, softmax and the LoRA fold do not.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .merge import MergeSchedule, merge_count
from .model import HEAD_DIM, MODES, Backbone, block_kind


@dataclass
class VideoCost:
    """Multiply-adds of one video and [clips, tokens per clip] leaving each visual block."""

    macs: int = 0
    blocks: list[list[int]] = field(default_factory=list)


def similarity_macs(n: int, c: int, dim: int) -> int:
    """Bipartite matching scores of one clip: |A| x |B| dot products of `dim` over its n - c non-CLS tokens."""
    return ((n - c + 1) // 2) * ((n - c) // 2) * dim


def video_cost(shape: Backbone, mode: str, schedule: MergeSchedule, frames: int) -> VideoCost:
    """The cost of encoding `frames` frames in `mode` (lora, tome or tempme) with `schedule`."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {MODES}")
    schedule.check(mode, frames)
    d, grid = shape.visual_width, shape.image_size // shape.patch_size
    cost = VideoCost(macs=frames * grid * grid * 3 * shape.patch_size ** 2 * d)  # conv1 as a matmul
    clips, c, n = frames, 1, grid * grid + 1
    groups = dict(zip(schedule.merge_layers, schedule.group_sizes))
    for layer in range(shape.visual_layers):
        kind = block_kind(mode, layer, schedule)
        if kind == "clip" and clips > 1 and groups[layer] > 1:  # ClipMe: regroup, merge on the tokens
            g = groups[layer]
            clips, c, n = clips // g, c * g, n * g
            m0 = merge_count(n, c, schedule.merged_pct_cross)
            if m0 > 0:
                cost.macs += clips * similarity_macs(n, c, d)
                n -= m0
        cost.macs += clips * (4 * n * d * d + 2 * n * n * d)  # q/k/v and out_proj; logits and weighted values
        if kind != "plain":
            r = schedule.r_img if kind == "img" else merge_count(n, c, schedule.merged_pct_intra)
            r = min(r, (n - c) // 2)
            if r > 0:
                cost.macs += clips * similarity_macs(n, c, HEAD_DIM)
                n -= r
        cost.macs += clips * 8 * n * d * d  # c_fc and c_proj
        cost.blocks.append([clips, n])
    cost.macs += frames * d * shape.embed_dim  # every frame's CLS through proj
    return cost
