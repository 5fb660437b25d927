#!/usr/bin/env python3
"""Write Tests/TempMeKernelsTests/Golden/int8.json: int8 quantization and GEMM computed with numpy.

The Swift int8 kernels (Sources/CTempMeKernels/qgemm.c) must reproduce these values: symmetric
quantization per row (weights per output channel, activations per token) with scale = max|row| / 127
and q = rint(v * (127 / max|row|)) in float32 (rint rounds half to even), clamped to [-127, 127]; a
zero row has scale 0 and q 0; exact int32 sums; y = float32(sum) * (x_scale * w_scale) + bias.

Usage: python3 scripts/make_int8_goldens.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "Tests" / "TempMeKernelsTests" / "Golden" / "int8.json"


def quantize_rows(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-row symmetric int8: (q as int32, scales as float32)."""
    v = v.astype(np.float32)
    maxabs = np.max(np.abs(v), axis=1) if v.shape[1] else np.zeros(v.shape[0], np.float32)
    scales = np.where(maxabs > 0, maxabs / np.float32(127), np.float32(0)).astype(np.float32)
    with np.errstate(divide="ignore"):
        inv = np.where(maxabs > 0, np.float32(127) / maxabs, np.float32(0)).astype(np.float32)
    q = np.clip(np.rint(v * inv[:, None]), -127, 127).astype(np.int32)
    return q, scales


def case(name: str, x: np.ndarray, w: np.ndarray, bias: np.ndarray | None) -> dict:
    xq, xs = quantize_rows(x)
    wq, ws = quantize_rows(w)
    acc = xq.astype(np.int64) @ wq.T.astype(np.int64)
    assert np.abs(acc).max(initial=0) < 2**31
    y = acc.astype(np.float32) * (xs[:, None] * ws[None, :]).astype(np.float32)
    if bias is not None:
        y = (bias[None, :].astype(np.float32) + y).astype(np.float32)
    f32 = lambda a: [float(str(np.float32(v))) for v in np.asarray(a, np.float32).ravel()]
    return {
        "name": name, "m": x.shape[0], "n": w.shape[0], "k": x.shape[1],
        "x": f32(x), "w": f32(w), "bias": None if bias is None else f32(bias),
        "xq": xq.ravel().tolist(), "x_scales": f32(xs), "wq": wq.ravel().tolist(), "w_scales": f32(ws),
        "sums": acc.ravel().tolist(), "y": f32(y),
    }


def main() -> None:
    rng = np.random.default_rng(12)
    cases = []
    # Odd k, a partial 16-channel panel, a partial 6-row tile.
    x = rng.standard_normal((7, 13)).astype(np.float32)
    x[3] = 0  # a zero token
    x[5, 4] = 40  # an outlier channel
    w = (rng.standard_normal((20, 13)) * 0.05).astype(np.float32)
    w[7] = 0  # a zero channel
    cases.append(case("tails", x, w, rng.standard_normal(20).astype(np.float32)))
    # Ties: 127 / 127 = 1 exactly, so x * inv lands on .5 and rint rounds half to even.
    x = np.array([[127, 0.5, 1.5, -2.5, 2.5, -0.5, 126.5, -127]], np.float32)
    w = np.array([[1, -1, 2, -2, 3, -3, 4, -127]] * 16, np.float32) * np.arange(1, 17, dtype=np.float32)[:, None]
    cases.append(case("ties", x, w, None))
    # Several full tiles and k blocks long enough to exercise the unrolled loop.
    x = rng.standard_normal((13, 64)).astype(np.float32)
    w = (rng.standard_normal((48, 64)) * 0.02).astype(np.float32)
    cases.append(case("tiles", x, w, (rng.standard_normal(48) * 0.1).astype(np.float32)))
    # A long k (1540 inputs, 770 pairs): sums near the int32 range a B/32 layer reaches. Inputs from a
    # formula the test repeats (the file keeps only the results):
    # x[r, i] = ((r * 37 + i * 11) % 201 - 100) / 16, w[j, i] = ((j * 53 + i * 29) % 199 - 99) / 512.
    r, i = np.meshgrid(np.arange(2), np.arange(1540), indexing="ij")
    x = (((r * 37 + i * 11) % 201 - 100) / 16).astype(np.float32)
    j, i = np.meshgrid(np.arange(16), np.arange(1540), indexing="ij")
    w = (((j * 53 + i * 29) % 199 - 99) / 512).astype(np.float32)
    big = case("long_k", x, w, np.linspace(-1, 1, 16, dtype=np.float32))
    for key in ("x", "w", "xq", "wq"):
        big[key] = None
    cases.append(big)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"generator": "scripts/make_int8_goldens.py (numpy)", "cases": cases}, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
