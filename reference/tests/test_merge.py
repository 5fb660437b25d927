"""Bipartite soft matching and ClipMe regrouping on small hand-made examples."""

import numpy as np
import pytest

from tempme_ref import bipartite_merge, merge_count, regroup, split_sets


def angles(degrees):
    rad = np.deg2rad(np.asarray(degrees, dtype=np.float64))
    return np.stack([np.cos(rad), np.sin(rad)], axis=1).astype(np.float32)


def tokens(n):
    i = np.arange(n, dtype=np.float32)
    return np.stack([i, 10 * i], axis=1)


def test_split_alternates_from_first_non_cls_token():
    a, b = split_sets(7, 1)  # c odd: A = odd offsets, B = even offsets
    assert a.tolist() == [2, 4, 6] and b.tolist() == [1, 3, 5]
    a, b = split_sets(8, 2)  # c even: A = even offsets, B = odd offsets
    assert a.tolist() == [2, 4, 6] and b.tolist() == [3, 5, 7]
    a, b = split_sets(6, 1)  # odd count of non-CLS tokens: B gets the extra one
    assert a.tolist() == [2, 4] and b.tolist() == [1, 3, 5]
    a, b = split_sets(7, 2)
    assert a.tolist() == [2, 4, 6] and b.tolist() == [3, 5]


def test_best_pairs_merge_with_size_weighted_mean():
    # token:   0(CLS)  1(B0)  2(A)  3(B1)  4(A)  5(B2)  6(A)
    metric = angles([300, 0, 10, 90, 85, 180, 240])
    size = np.array([1, 1, 2, 1, 3, 1, 1], dtype=np.float32)
    res = bipartite_merge(tokens(7), size, metric, r=2, c=1)
    # A4 -> B1 (cos 5 deg) and A2 -> B0 (cos 10 deg) merge; A6 (cos 60 deg) stays.
    assert res.x[:, 0].tolist() == pytest.approx([0, 6, 5 / 3, 15 / 4, 5])
    assert res.size.tolist() == [1, 1, 3, 4, 1]
    assert res.merged == 2 and res.macs == 3 * 3 * 2
    np.testing.assert_allclose(res.x[:, 1], 10 * res.x[:, 0], rtol=1e-6)


def test_unmerged_a_tokens_keep_original_order_not_score_order():
    # c = 2: A = 2, 4, 6 and B = 3, 5, 7. A6 matches best, then A4, then A2.
    metric = angles([0, 0, 50, 90, 30, 0, 1, 180])
    res = bipartite_merge(tokens(8), np.ones(8, np.float32), metric, r=1, c=2)
    assert res.x[:, 0].tolist() == pytest.approx([0, 1, 2, 4, 3, (5 + 6) / 2, 7])
    assert res.size.tolist() == [1, 1, 1, 1, 1, 2, 1]


def test_ties_pick_lowest_b_and_lowest_a_first():
    metric = np.ones((9, 4), dtype=np.float32)
    res = bipartite_merge(tokens(9), np.ones(9, np.float32), metric, r=2, c=1)
    # A = 2, 4, 6, 8; B = 1, 3, 5, 7. All scores equal: A2 and A4 merge into B1.
    assert res.x[:, 0].tolist() == pytest.approx([0, 6, 8, (1 + 2 + 4) / 3, 3, 5, 7])
    assert res.size.tolist() == [1, 1, 1, 3, 1, 1, 1]
    assert res.margin == 0.0


def test_cls_tokens_never_merge_and_r_is_capped():
    metric = np.ones((6, 2), dtype=np.float32)
    x = tokens(6)
    res = bipartite_merge(x, np.ones(6, np.float32), metric, r=10, c=3)
    assert res.merged == 1  # floor((6 - 3) / 2)
    assert res.x[:3].tolist() == x[:3].tolist()


def test_zero_r_is_identity_without_cost():
    x = tokens(5)
    res = bipartite_merge(x, np.ones(5, np.float32), np.ones((5, 3), np.float32), r=0, c=1)
    assert res.x is x and res.macs == 0 and res.merged == 0


@pytest.mark.parametrize("c", [1, 2, 3, 4])
def test_random_merge_preserves_size_and_mass(c):
    rng = np.random.default_rng(c)
    n = 31
    x = rng.standard_normal((n, 16)).astype(np.float32)
    size = rng.integers(1, 5, n).astype(np.float32)
    res = bipartite_merge(x, size, rng.standard_normal((n, 8)).astype(np.float32), r=9, c=c)
    assert res.x.shape == (n - 9, 16)
    assert res.size.sum() == size.sum()
    np.testing.assert_allclose((res.x * res.size[:, None]).sum(0), (x * size[:, None]).sum(0), atol=1e-4)


def test_regroup_puts_all_cls_first_in_clip_order():
    arr = (10 * np.arange(4)[:, None] + np.arange(3)[None, :])  # [4 clips, 3 tokens], c = 1
    out = regroup(arr, c=1, g=2)
    assert out.tolist() == [[0, 10, 1, 2, 11, 12], [20, 30, 21, 22, 31, 32]]
    out2 = regroup(out, c=2, g=2)
    assert out2.tolist() == [[0, 10, 20, 30, 1, 2, 11, 12, 21, 22, 31, 32]]
    with pytest.raises(ValueError):
        regroup(arr, c=1, g=3)


def test_merge_counts_use_integer_percent():
    assert merge_count(50, 1, 10) == 5
    assert merge_count(68, 2, 30) == 20
    assert merge_count(48, 2, 10) == 4
    assert merge_count(10, 1, 90) == 4  # capped at half the non-CLS tokens
    assert merge_count(20, 2, 10) == 2  # floor(20 * (1 - 0.9)) would give 1
