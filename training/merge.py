"""Token merging in torch (spec section 5): merge counts, clip regrouping, bipartite soft matching.

Shared by the training model (training/model.py) and the inference bench (scripts/bench_pytorch.py).
Everything here is differentiable with respect to the token values (matching decisions are not).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F

from .schedule import DEFAULT_GROUP_SIZES, DEFAULT_MERGE_LAYERS, default_group_sizes, missing_schedule_message


@dataclass(frozen=True)
class MergeSchedule:
    """Merging settings of spec section 5; percents are the merged fractions as integers."""

    r_img: int = 2
    merged_pct_cross: int = 30
    merged_pct_intra: int = 10
    merge_layers: tuple[int, ...] = DEFAULT_MERGE_LAYERS
    group_sizes: tuple[int, ...] = DEFAULT_GROUP_SIZES[12]  # the short-video default
    cpe: bool = True

    @staticmethod
    def default(backbone: str, frames: int) -> "MergeSchedule":
        """Paper settings: B/32 r 2, 30/10 %; B/16 r 10, 40/20 %; the default schedule of `frames` (schedule.py).
        Frame counts without one get no group sizes, which `check` refuses in TempMe mode."""
        groups = default_group_sizes(frames)
        if backbone == "b16":
            return MergeSchedule(10, 40, 20, DEFAULT_MERGE_LAYERS, groups)
        return MergeSchedule(2, 30, 10, DEFAULT_MERGE_LAYERS, groups)

    @staticmethod
    def for_depth(layers: int, frames: int = 12) -> "MergeSchedule":
        """B/32 ratios and the default schedule of `frames`; its merge layers moved to the last blocks when the
        model is too shallow for them (6 blocks: 3, 4, 5)."""
        count = len(DEFAULT_MERGE_LAYERS)
        start = DEFAULT_MERGE_LAYERS[0] if layers > DEFAULT_MERGE_LAYERS[-1] else max(layers - count, 0)
        return MergeSchedule(2, 30, 10, tuple(range(start, start + count)), default_group_sizes(frames))

    def check(self, mode: str, frames: int) -> None:
        """Raises ValueError when TempMe mode has no group sizes (a frame count without a default schedule)."""
        if mode == "tempme" and not self.group_sizes:
            raise ValueError(missing_schedule_message(frames))

    def cpe_clips(self, frames: int) -> dict[int, int]:
        """Clips entering each merge layer (the CPE length there): 12 -> {l0: 12, l1: 6, l2: 3}."""
        self.check("tempme", frames)
        out, clips = {}, frames
        for layer, group in zip(self.merge_layers, self.group_sizes):
            out[layer] = clips
            clips //= group
        return out

    def as_config(self) -> dict:
        """The config.json keys the daemon reads."""
        d = asdict(self)
        d["merge_layers"], d["group_sizes"] = list(self.merge_layers), list(self.group_sizes)
        return d


def merge_count(n: int, c: int, merged_pct: int) -> int:
    """min(floor(n * pct/100), floor((n - c) / 2)), the authors' double-precision arithmetic."""
    return min(int(n * (merged_pct / 100)), (n - c) // 2)


def regroup(x: torch.Tensor, c: int, g: int) -> torch.Tensor:
    """[clips, n, D] -> [clips/g, g*n, D]: all CLS tokens of g clips first, then their other tokens."""
    clips, n, d = x.shape
    x = x.reshape(clips // g, g, n, d)
    return torch.cat([x[:, :, :c].reshape(clips // g, g * c, d), x[:, :, c:].reshape(clips // g, g * (n - c), d)], 1)


def bipartite_merge(x: torch.Tensor, size: torch.Tensor, metric: torch.Tensor, r: int, c: int):
    """Spec 5 merge(x, metric, r, c) over a batch of clips; r is capped at (n - c) // 2. Returns (x, size)."""
    b, n, d = x.shape
    r = min(r, (n - c) // 2)
    if r <= 0:
        return x, size
    with torch.no_grad():
        m = F.normalize(metric[:, c:], dim=-1)
        first_a = 0 if c % 2 == 0 else 1
        a_pos = torch.arange(first_a, n - c, 2, device=x.device)
        b_pos = torch.arange(1 - first_a, n - c, 2, device=x.device)
        scores = m[:, a_pos] @ m[:, b_pos].transpose(1, 2)
        best, partner = scores.max(dim=-1)
        order = best.argsort(dim=-1, descending=True, stable=True)
        src, kept = order[:, :r], order[:, r:].sort(dim=-1).values
        dst = partner.gather(1, src)

    weighted = torch.cat([x * size[..., None], size[..., None]], dim=-1)
    patches = weighted[:, c:]
    a_part, b_part = patches[:, a_pos], patches[:, b_pos]
    moved = a_part.gather(1, src[..., None].expand(b, r, d + 1))
    b_part = b_part.scatter_add(1, dst[..., None].expand(b, r, d + 1), moved)
    unmerged = a_part.gather(1, kept[..., None].expand(b, kept.shape[1], d + 1))
    merged = torch.cat([weighted[:, :c], unmerged, b_part], dim=1)
    new_size = merged[..., d]
    return merged[..., :d] / new_size[..., None], new_size
