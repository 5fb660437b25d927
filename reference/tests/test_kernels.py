"""Layout checks of the vectorized kernels against naive per-head / per-patch loops."""

import numpy as np

from tempme_ref.model import Counter, attention, embed_frames, layer_norm


def test_attention_matches_naive_heads_loop():
    rng = np.random.default_rng(0)
    d, heads, n = 128, 2, 7
    p = "blk."
    w = {
        p + "ln_1.weight": rng.standard_normal(d).astype(np.float32),
        p + "ln_1.bias": rng.standard_normal(d).astype(np.float32),
        p + "attn.in_proj_weight": (0.1 * rng.standard_normal((3 * d, d))).astype(np.float32),
        p + "attn.in_proj_bias": rng.standard_normal(3 * d).astype(np.float32),
        p + "attn.out_proj.weight": (0.1 * rng.standard_normal((d, d))).astype(np.float32),
        p + "attn.out_proj.bias": rng.standard_normal(d).astype(np.float32),
        p + "attn.TVPt_LoRA_a": (0.1 * rng.standard_normal((8, d))).astype(np.float32),
        p + "attn.TVPt_LoRA_b": (0.1 * rng.standard_normal((3 * d, 8))).astype(np.float32),
    }
    x = rng.standard_normal((1, n, d)).astype(np.float32)
    size = rng.integers(1, 4, (1, n)).astype(np.float32)
    counter = Counter()
    out, metric = attention(w, p, x, heads, counter, np.log(size)[:, None, :])

    x64 = x[0].astype(np.float64)
    mu = x64.mean(1, keepdims=True)
    h = (x64 - mu) / np.sqrt(x64.var(1, keepdims=True) + 1e-5) * w[p + "ln_1.weight"] + w[p + "ln_1.bias"]
    wq = w[p + "attn.in_proj_weight"] + w[p + "attn.TVPt_LoRA_b"].astype(np.float64) @ w[p + "attn.TVPt_LoRA_a"]
    qkv = h @ wq.T + w[p + "attn.in_proj_bias"]
    heads_out, keys = [], []
    for k in range(heads):
        cols = slice(k * 64, (k + 1) * 64)
        q, kk, v = qkv[:, :d][:, cols], qkv[:, d:2 * d][:, cols], qkv[:, 2 * d:][:, cols]
        logits = (q / 8.0) @ kk.T + np.log(size[0])[None, :]
        prob = np.exp(logits - logits.max(1, keepdims=True))
        prob /= prob.sum(1, keepdims=True)
        heads_out.append(prob @ v)
        keys.append(kk)
    expected = np.concatenate(heads_out, 1) @ w[p + "attn.out_proj.weight"].T.astype(np.float64) + w[p + "attn.out_proj.bias"]
    np.testing.assert_allclose(out[0], expected, atol=2e-4, rtol=1e-4)
    np.testing.assert_allclose(metric[0], np.mean(keys, axis=0), atol=2e-4, rtol=1e-4)
    assert counter.macs == n * d * 3 * d + 2 * n * n * d + n * d * d


def test_patch_embedding_matches_explicit_convolution():
    rng = np.random.default_rng(1)
    d, p = 8, 32
    w = {
        "visual.conv1.weight": rng.standard_normal((d, 3, p, p)).astype(np.float32),
        "visual.class_embedding": rng.standard_normal(d).astype(np.float32),
        "visual.positional_embedding": rng.standard_normal((50, d)).astype(np.float32),
        "visual.ln_pre.weight": np.ones(d, np.float32),
        "visual.ln_pre.bias": np.zeros(d, np.float32),
    }
    frames = rng.standard_normal((2, 3, 224, 224)).astype(np.float32)
    got = embed_frames(w, frames, Counter())
    f, gy, gx = 1, 3, 5  # patch row 3, column 5 -> token 1 + 3 * 7 + 5
    patch = frames[f, :, gy * p:(gy + 1) * p, gx * p:(gx + 1) * p].astype(np.float64)
    conv = np.einsum("dcyx,cyx->d", w["visual.conv1.weight"].astype(np.float64), patch)
    token = conv + w["visual.positional_embedding"][1 + gy * 7 + gx]
    expected = layer_norm(token[None].astype(np.float32), w["visual.ln_pre.weight"], w["visual.ln_pre.bias"])[0]
    np.testing.assert_allclose(got[f, 1 + gy * 7 + gx], expected, atol=1e-4)
    cls = layer_norm((w["visual.class_embedding"] + w["visual.positional_embedding"][0])[None], w["visual.ln_pre.weight"], w["visual.ln_pre.bias"])[0]
    np.testing.assert_allclose(got[0, 0], cls, atol=1e-5)
