"""Token merging for TempMe (spec section 5): bipartite soft matching and ClipMe regrouping.

Pure numpy on one clip at a time; imports no model code. Shapes: x [n, D], size [n], metric [n, M].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class MergeResult:
    """Tokens after one merge, plus bookkeeping for tests and FLOP accounting."""

    x: np.ndarray  # [n - r, D]
    size: np.ndarray  # [n - r]
    merged: int  # r actually merged
    macs: int  # multiply-adds of the similarity matmul (0 when skipped)
    margin: float  # smallest score gap that decided this merge (inf when nothing was close)


def merge_count(n: int, c: int, merged_pct: int) -> int:
    """min(floor(n * pct / 100), floor((n - c) / 2)) on exact integers (pct = merged percent)."""
    return min(n * merged_pct // 100, (n - c) // 2)


def split_sets(n: int, c: int) -> tuple[np.ndarray, np.ndarray]:
    """Absolute indices of set A and set B: non-CLS tokens by alternation (A = even absolute positions)."""
    offsets = np.arange(n - c)
    if c % 2 == 0:
        a_off, b_off = offsets[0::2], offsets[1::2]
    else:
        a_off, b_off = offsets[1::2], offsets[0::2]
    return c + a_off, c + b_off


def bipartite_merge(x: np.ndarray, size: np.ndarray, metric: np.ndarray, r: int, c: int) -> MergeResult:
    """Merge the r best-matching A tokens into their B partners (size-weighted mean).

    Output order: the c CLS tokens, the unmerged A tokens in original order, then all B tokens.
    Ties: a row's partner is the lowest B index; equal scores rank the lower A index first.
    """
    n = x.shape[0]
    r = min(r, (n - c) // 2)
    if r <= 0:
        return MergeResult(x, size, 0, 0, float("inf"))
    a_idx, b_idx = split_sets(n, c)
    unit = metric / np.linalg.norm(metric, axis=-1, keepdims=True)
    scores = unit[a_idx] @ unit[b_idx].T  # [|A|, |B|]
    macs = len(a_idx) * len(b_idx) * metric.shape[-1]
    partner = np.argmax(scores, axis=1)  # first maximum = lowest B index
    best = scores[np.arange(len(a_idx)), partner]
    order = np.argsort(-best, kind="stable")  # descending, lower A index first on ties
    src = order[:r]
    kept = np.sort(order[r:])

    b_size = size[b_idx].astype(np.float32)
    weighted = x[b_idx] * b_size[:, None]
    np.add.at(weighted, partner[src], x[a_idx[src]] * size[a_idx[src]][:, None])
    np.add.at(b_size, partner[src], size[a_idx[src]])
    b_x = weighted / b_size[:, None]

    new_x = np.concatenate([x[:c], x[a_idx[kept]], b_x], axis=0)
    new_size = np.concatenate([size[:c], size[a_idx[kept]], b_size], axis=0)
    return MergeResult(new_x, new_size, r, macs, _margin(scores, partner, best, order, src, r))


def _margin(scores, partner, best, order, src, r) -> float:
    """Smallest gap between a decisive score and its runner-up (partner choice and top-r cut)."""
    gaps = []
    if scores.shape[1] > 1:
        rows = scores[src].copy()
        rows[np.arange(len(src)), partner[src]] = -np.inf
        gaps.append(float(np.min(best[src] - rows.max(axis=1))))
    if r < len(order):
        gaps.append(float(best[order[r - 1]] - best[order[r]]))
    return min(gaps) if gaps else float("inf")


def regroup(arr: np.ndarray, c: int, g: int) -> np.ndarray:
    """ClipMe grouping: [clips, n, ...] -> [clips / g, g * n, ...].

    Each new clip holds g consecutive clips: all their c CLS tokens first (clip order), then all
    their other tokens (clip order).
    """
    clips, n = arr.shape[:2]
    if g <= 0 or clips % g != 0:
        raise ValueError(f"cannot group {clips} clips in groups of {g}")
    rest = arr.shape[2:]
    grouped = arr.reshape((clips // g, g, n) + rest)
    cls = grouped[:, :, :c].reshape((clips // g, g * c) + rest)
    others = grouped[:, :, c:].reshape((clips // g, g * (n - c)) + rest)
    return np.concatenate([cls, others], axis=1)
