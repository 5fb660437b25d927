"""Token merging in torch (spec section 5): merge counts, clip regrouping, bipartite soft matching.

Shared by the training model (training/model.py) and the inference bench (scripts/bench_pytorch.py).
Everything here is differentiable with respect to the token values (matching decisions are not).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F


@dataclass(frozen=True)
class MergeSchedule:
    """Merging settings of spec section 5; percents are the merged fractions as integers."""

    r_img: int = 2
    merged_pct_cross: int = 30
    merged_pct_intra: int = 10
    merge_layers: tuple[int, ...] = (8, 9, 10)
    group_sizes: tuple[int, ...] = (2, 2, 3)
    cpe: bool = True

    @staticmethod
    def default(backbone: str, frames: int) -> "MergeSchedule":
        """Paper settings: B/32 r 2, 30/10 %; B/16 r 10, 40/20 %; groups 4,4,4 for 64 frames."""
        groups = (4, 4, 4) if frames == 64 else (2, 2, 3)
        if backbone == "b16":
            return MergeSchedule(10, 40, 20, (8, 9, 10), groups)
        return MergeSchedule(2, 30, 10, (8, 9, 10), groups)

    @staticmethod
    def for_depth(layers: int, frames: int = 12) -> "MergeSchedule":
        """B/32 ratios; merge layers 8, 9, 10 for 12 or more blocks, otherwise the last three blocks."""
        groups = (4, 4, 4) if frames == 64 else (2, 2, 3)
        start = 8 if layers >= 12 else max(layers - 3, 0)
        return MergeSchedule(2, 30, 10, tuple(range(start, start + 3)), groups)

    def cpe_clips(self, frames: int) -> dict[int, int]:
        """Clips entering each merge layer (the CPE length there): 12 -> {l0: 12, l1: 6, l2: 3}."""
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
