"""TempMe reference forward pass (spec sections 1, 2, 5, 7) in float32 numpy.

`encode_video` runs the visual tower in one of three modes (lora, tome, tempme) and returns the
normalized video embedding plus a trace of token counts and multiply-adds; `encode_text` runs the
text tower. Weights use OpenAI CLIP state-dict names; LoRA is merged into in_proj_weight.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .merge import bipartite_merge, merge_count, regroup
from .schedule import DEFAULT_GROUP_SIZES, DEFAULT_MERGE_LAYERS, default_group_sizes, missing_schedule_message

EPS = np.float32(1e-5)
HEAD_DIM = 64
MODES = ("lora", "tome", "tempme")


@dataclass(frozen=True)
class VideoConfig:
    """Merging settings. Percents are the MERGED fractions (100 - kept), as integers."""

    r_img: int = 2
    merged_pct_cross: int = 30
    merged_pct_intra: int = 10
    merge_layers: tuple[int, ...] = DEFAULT_MERGE_LAYERS
    group_sizes: tuple[int, ...] = DEFAULT_GROUP_SIZES[12]  # the short-video default
    cpe: bool = True

    def as_dict(self) -> dict:
        return {
            "r_img": self.r_img,
            "merged_pct_cross": self.merged_pct_cross,
            "merged_pct_intra": self.merged_pct_intra,
            "merge_layers": list(self.merge_layers),
            "group_sizes": list(self.group_sizes),
            "cpe": self.cpe,
        }


def default_config(backbone: str, frames: int, cpe: bool = True) -> VideoConfig:
    """Paper settings: B/32 (and tiny) r=2, 30/10 %; B/16 r=10, 40/20 %; the default schedule of `frames`
    (schedule.py). Frame counts without one get no group sizes, which encode_video refuses in TempMe mode."""
    groups = default_group_sizes(frames)
    if backbone == "b16":
        return VideoConfig(10, 40, 20, DEFAULT_MERGE_LAYERS, groups, cpe)
    return VideoConfig(2, 30, 10, DEFAULT_MERGE_LAYERS, groups, cpe)


@dataclass
class Trace:
    """Per-block [clips, tokens per clip] leaving the block, multiply-adds, decision margins."""

    blocks: list[list[int]] = field(default_factory=list)
    macs: int = 0
    block_macs: list[int] = field(default_factory=list)
    margin: float = float("inf")
    frame_features: np.ndarray | None = None  # [F, E] ln_post(CLS) @ proj, unnormalized


# ---------------------------------------------------------------- kernels


def layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)
    d = x - mu
    var = (d * d).mean(axis=-1, keepdims=True)
    return d / np.sqrt(var + EPS) * w + b


def quick_gelu(x: np.ndarray) -> np.ndarray:
    return x / (np.float32(1) + np.exp(np.float32(-1.702) * x))


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def l2_normalize(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


class Counter:
    """Accumulates multiply-adds of the matmuls actually executed."""

    def __init__(self) -> None:
        self.macs = 0

    def linear(self, x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
        """x [..., in] @ w[out, in]^T (+ b)."""
        rows = int(np.prod(x.shape[:-1]))
        self.macs += rows * w.shape[1] * w.shape[0]
        y = (x.reshape(rows, -1) @ w.T).reshape(x.shape[:-1] + (w.shape[0],))
        return y + b if b is not None else y

    def bmm(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Batched a [..., m, k] @ b [..., k, n]."""
        self.macs += int(np.prod(a.shape[:-1])) * a.shape[-1] * b.shape[-1]
        return np.matmul(a, b)


# ---------------------------------------------------------------- shared blocks


def merged_in_proj(weights: dict[str, np.ndarray], prefix: str) -> np.ndarray:
    """in_proj_weight + TVPt_LoRA_b @ TVPt_LoRA_a (the LoRA merge, once per call)."""
    w = weights[prefix + "attn.in_proj_weight"]
    a = weights.get(prefix + "attn.TVPt_LoRA_a")
    b = weights.get(prefix + "attn.TVPt_LoRA_b")
    if a is None or b is None:
        return w
    return w + b @ a


def attention(weights, prefix, x, heads, counter, key_bias=None):
    """Multi-head attention on ln_1(x) with an additive key bias [batch, n_or_1, n].

    Returns (out [batch, n, D], key metric [batch, n, 64] = keys averaged over heads).
    """
    batch, n, d = x.shape
    h = layer_norm(x, weights[prefix + "ln_1.weight"], weights[prefix + "ln_1.bias"])
    qkv = counter.linear(h, merged_in_proj(weights, prefix), weights[prefix + "attn.in_proj_bias"])
    qkv = qkv.reshape(batch, n, 3, heads, d // heads).transpose(2, 0, 3, 1, 4)  # [3, batch, H, n, hd]
    q, k, v = qkv[0], qkv[1], qkv[2]
    logits = counter.bmm(q * np.float32((d // heads) ** -0.5), k.transpose(0, 1, 3, 2))
    if key_bias is not None:
        logits = logits + key_bias[:, None]
    o = counter.bmm(softmax(logits), v).transpose(0, 2, 1, 3).reshape(batch, n, d)
    out = counter.linear(o, weights[prefix + "attn.out_proj.weight"], weights[prefix + "attn.out_proj.bias"])
    metric = k.mean(axis=1)
    return out, metric


def mlp(weights, prefix, x, counter):
    h = layer_norm(x, weights[prefix + "ln_2.weight"], weights[prefix + "ln_2.bias"])
    h = quick_gelu(counter.linear(h, weights[prefix + "mlp.c_fc.weight"], weights[prefix + "mlp.c_fc.bias"]))
    return counter.linear(h, weights[prefix + "mlp.c_proj.weight"], weights[prefix + "mlp.c_proj.bias"])


# ---------------------------------------------------------------- text tower


def encode_text(weights: dict[str, np.ndarray], ids: np.ndarray) -> np.ndarray:
    """Token ids [B, L] -> normalized text embeddings [B, E]."""
    ids = np.asarray(ids, dtype=np.int64)
    batch, length = ids.shape
    x = weights["token_embedding.weight"][ids] + weights["positional_embedding"][:length]
    width = x.shape[-1]
    eot = ids.argmax(axis=-1)
    pos = np.arange(length)
    visible = (pos[None, None, :] <= pos[None, :, None]) & (pos[None, None, :] <= eot[:, None, None])
    bias = np.where(visible, np.float32(0), np.float32(-np.inf)).astype(np.float32)  # [B, L, L]
    counter = Counter()
    layer = 0
    while f"transformer.resblocks.{layer}.ln_1.weight" in weights:
        p = f"transformer.resblocks.{layer}."
        out, _ = attention(weights, p, x, width // HEAD_DIM, counter, bias)
        x = x + out
        x = x + mlp(weights, p, x, counter)
        layer += 1
    feat = layer_norm(x[np.arange(batch), eot], weights["ln_final.weight"], weights["ln_final.bias"])
    return l2_normalize(feat @ weights["text_projection"])


# ---------------------------------------------------------------- visual tower


def embed_frames(weights, frames, counter):
    """Patch embedding + CLS + positional embedding + ln_pre: [F, 3, H, W] -> [F, N0, D]."""
    conv = weights["visual.conv1.weight"]  # [D, 3, p, p]
    d, _, p, _ = conv.shape
    count, ch, hgt, wid = frames.shape
    gh, gw = hgt // p, wid // p
    patches = frames.reshape(count, ch, gh, p, gw, p).transpose(0, 2, 4, 1, 3, 5).reshape(count, gh * gw, ch * p * p)
    x = counter.linear(patches, conv.reshape(d, -1))
    cls = np.broadcast_to(weights["visual.class_embedding"], (count, 1, d))
    x = np.concatenate([cls, x], axis=1) + weights["visual.positional_embedding"]
    return layer_norm(x, weights["visual.ln_pre.weight"], weights["visual.ln_pre.bias"])


def _merge_clips(x, size, metric, r, c, trace):
    """Apply bipartite_merge to every clip (all clips share n and r)."""
    results = [bipartite_merge(x[i], size[i], metric[i], r, c) for i in range(x.shape[0])]
    for res in results:
        trace.macs += res.macs
        trace.margin = min(trace.margin, res.margin)
    return np.stack([res.x for res in results]), np.stack([res.size for res in results])


def _block_kind(mode: str, layer: int, config: VideoConfig) -> str:
    if mode == "lora":
        return "plain"
    if mode == "tome" or layer < min(config.merge_layers):
        return "img"
    return "clip" if layer in config.merge_layers else "intra"


def encode_video(weights: dict[str, np.ndarray], frames: np.ndarray, mode: str = "tempme",
                 config: VideoConfig | None = None) -> tuple[np.ndarray, Trace]:
    """Frames [F, 3, 224, 224] -> (normalized embedding [E], trace)."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {MODES}")
    config = config or VideoConfig()
    if mode == "tempme" and not config.group_sizes:
        raise ValueError(missing_schedule_message(len(frames)))
    if mode == "tempme" and len(config.merge_layers) != len(config.group_sizes):
        raise ValueError("merge_layers and group_sizes must have the same length")
    frames = np.asarray(frames, dtype=np.float32)
    counter = Counter()
    trace = Trace()
    x = embed_frames(weights, frames, counter)
    clips, n, d = x.shape
    heads = d // HEAD_DIM
    size = np.ones((clips, n), dtype=np.float32)
    c = 1
    groups = dict(zip(config.merge_layers, config.group_sizes))
    layer = 0
    while f"visual.transformer.resblocks.{layer}.ln_1.weight" in weights:
        p = f"visual.transformer.resblocks.{layer}."
        before = counter.macs + trace.macs
        kind = _block_kind(mode, layer, config)
        if kind == "clip" and x.shape[0] > 1 and groups[layer] > 1:
            x, size, c = _cross_clip(weights, p, x, size, c, groups[layer], config, trace)
        out, metric = attention(weights, p, x, heads, counter, np.log(size)[:, None, :])
        x = x + out
        if kind == "img":
            x, size = _merge_clips(x, size, metric, config.r_img, c, trace)
        elif kind in ("clip", "intra"):
            r = merge_count(x.shape[1], c, config.merged_pct_intra)
            x, size = _merge_clips(x, size, metric, r, c, trace)
        x = x + mlp(weights, p, x, counter)
        trace.blocks.append([int(x.shape[0]), int(x.shape[1])])
        trace.block_macs.append(counter.macs + trace.macs - before)
        layer += 1

    cls = x[:, :c].reshape(-1, d)  # frame order: clips in order, CLS tokens in clip order
    cls = layer_norm(cls, weights["visual.ln_post.weight"], weights["visual.ln_post.bias"])
    proj = weights["visual.proj"]
    counter.macs += cls.shape[0] * proj.shape[0] * proj.shape[1]
    feats = cls @ proj
    trace.frame_features = feats
    trace.macs += counter.macs
    return l2_normalize(l2_normalize(feats).mean(axis=0)), trace


def _cross_clip(weights, prefix, x, size, c, g, config, trace):
    """ClipMe step 1-2: regroup g clips, add CPE after taking the metric, merge m0 tokens."""
    clips, n, _ = x.shape
    source = np.broadcast_to(np.arange(clips)[:, None], (clips, n))
    x, size, source = regroup(x, c, g), regroup(size, c, g), regroup(source, c, g)
    c = c * g
    m0 = merge_count(x.shape[1], c, config.merged_pct_cross)
    if m0 <= 0:
        return x, size, c
    metric = x
    cpe = weights.get(prefix + "TVPt_Video_Positional_embedding")
    if config.cpe and cpe is not None:
        if cpe.shape[1] != clips:
            raise ValueError(f"{prefix}TVPt_Video_Positional_embedding has {cpe.shape[1]} clips, block receives {clips}")
        x = x + cpe[0, source, 0, :]
    x, size = _merge_clips(x, size, metric, m0, c, trace)
    return x, size, c
