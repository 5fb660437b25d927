"""Retrieval metrics and the training-loss helpers."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from training.evaluate import retrieval_metrics
from training.train import contrastive_loss, cosine_with_warmup


def test_retrieval_metrics_ranks_are_one_based():
    sim = np.array([[0.9, 0.1, 0.0], [0.8, 0.5, 0.1], [0.1, 0.2, 0.3]])
    m = retrieval_metrics(sim, np.array([0, 1, 0]))  # ranks 1, 2, 3
    assert m["R@1"] == pytest.approx(100 / 3) and m["R@5"] == 100.0
    assert m["MnR"] == 2.0 and m["MdR"] == 2.0 and m["R-sum"] == pytest.approx(100 / 3 + 200)


def test_symmetric_infonce():
    v = torch.nn.functional.normalize(torch.randn(4, 8), dim=-1)
    perfect = contrastive_loss(v, v, torch.tensor(np.log(100.0)))
    uniform = contrastive_loss(v, v, torch.tensor(-20.0))
    assert perfect < 0.1 and uniform == pytest.approx(np.log(4), abs=1e-3)


def test_cosine_schedule_with_warmup():
    f = cosine_with_warmup(100, 0.1)
    assert f(0) == pytest.approx(0.1) and f(9) == pytest.approx(1.0)
    assert f(10) == pytest.approx(1.0) and f(55) == pytest.approx(0.5) and f(100) == pytest.approx(0.0)
