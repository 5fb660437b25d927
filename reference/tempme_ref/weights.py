"""Deterministic CLIP-shaped weights and inputs, bit-exact to docs/deterministic-weights.md.

Every tensor is a pure function of its state-dict name, its flat element index and a global seed,
so the Swift engine and this reference produce identical weights without any checkpoint file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
MIX1 = 0xBF58476D1CE4E5B9
MIX2 = 0x94D049BB133111EB
HALF = 8388608  # 2^23
CHUNK = 1 << 22  # elements generated per vectorized pass (bounds temporary memory)

LAYER_NORMS = ("ln_1", "ln_2", "ln_pre", "ln_post", "ln_final")
LINEAR_WEIGHTS = ("attn.in_proj_weight", "attn.out_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight")
LORA_RANK = 8
CPE_CLIPS = {8: 12, 9: 6, 10: 3}  # merge layer -> clips entering it (default short-video schedule)


@dataclass(frozen=True)
class Shape:
    """Dimensions of one backbone (visual and text towers)."""

    name: str
    width: int
    layers: int
    heads: int
    patch: int
    image: int
    embed: int
    text_width: int
    text_layers: int
    text_heads: int
    context: int = 77
    vocab: int = 49408

    @property
    def grid(self) -> int:
        return self.image // self.patch

    @property
    def tokens(self) -> int:
        """N0: patches plus the CLS token."""
        return self.grid * self.grid + 1


SHAPES = {
    "tiny": Shape("tiny", 64, 12, 1, 32, 224, 32, 64, 12, 1),
    "b32": Shape("b32", 768, 12, 12, 32, 224, 512, 512, 12, 8),
    "b16": Shape("b16", 768, 12, 12, 16, 224, 512, 512, 12, 8),
}


def fnv1a64(name: str) -> int:
    """FNV-1a 64-bit hash of the UTF-8 bytes of `name`."""
    h = 0xCBF29CE484222325
    for byte in name.encode("utf-8"):
        h ^= byte
        h = (h * 0x100000001B3) & MASK64
    return h


def tensor_seed(name: str, seed: int = 0) -> int:
    """Per-tensor seed: fnv1a64(name) XOR (seed * golden ratio constant) mod 2^64."""
    return fnv1a64(name) ^ ((seed * GOLDEN) & MASK64)


def _raw_bits(tseed: int, start: int, count: int) -> np.ndarray:
    """The 24-bit values k = splitmix64(tseed + (i+1)*GOLDEN) >> 40 for i in [start, start+count)."""
    i = np.arange(start + 1, start + count + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(tseed) + i * np.uint64(GOLDEN)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(MIX1)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(MIX2)
        z = z ^ (z >> np.uint64(31))
    return z >> np.uint64(40)


def generate(name: str, shape: tuple[int, ...], amplitude: float, offset: float, seed: int = 0) -> np.ndarray:
    """Values u * a / 2^23 + offset in float32 (u = k - 2^23), for every flat index of `shape`."""
    count = int(np.prod(shape, dtype=np.int64)) if len(shape) else 1
    tseed = tensor_seed(name, seed)
    a = np.float32(amplitude)
    off = np.float32(offset)
    out = np.empty(count, dtype=np.float32)
    for start in range(0, count, CHUNK):
        n = min(CHUNK, count - start)
        u = (_raw_bits(tseed, start, n).astype(np.int64) - HALF).astype(np.float32)
        out[start:start + n] = u * a / np.float32(HALF) + off
    return out.reshape(shape)


def amplitude_for(name: str, shape: tuple[int, ...]) -> tuple[float, float]:
    """(amplitude, offset) for a tensor name, checked in the order of the doc's table."""
    parts = name.split(".")
    module = parts[-2] if len(parts) >= 2 else ""
    if name == "logit_scale":
        return 0.0, 4.6051702
    if name.endswith(".weight") and module in LAYER_NORMS:
        return 0.1, 1.0
    if name.endswith(".bias") and module in LAYER_NORMS:
        return 0.05, 0.0
    if name.endswith("bias"):
        return 0.02, 0.0
    if name == "visual.conv1.weight":
        p = shape[2]
        return math.sqrt(3.0 / (3 * p * p)), 0.0
    if name in ("visual.class_embedding", "visual.positional_embedding"):
        return math.sqrt(3.0 / shape[-1]), 0.0
    if name == "positional_embedding":
        return 0.01 * math.sqrt(3.0), 0.0
    if name == "token_embedding.weight":
        return 0.02 * math.sqrt(3.0), 0.0
    if name in ("visual.proj", "text_projection"):
        return math.sqrt(3.0 / shape[0]), 0.0
    if any(name.endswith(suffix) for suffix in LINEAR_WEIGHTS):
        return math.sqrt(3.0 / shape[1]), 0.0
    if name.endswith("attn.TVPt_LoRA_a"):
        return math.sqrt(3.0 / shape[1]), 0.0
    if name.endswith("attn.TVPt_LoRA_b"):
        return 0.02, 0.0
    if name.endswith("TVPt_Video_Positional_embedding"):
        return 0.02, 0.0
    raise KeyError(f"the deterministic generator has no rule for tensor {name!r}")


def tensor_shapes(shape: str | Shape, adapter: bool = True) -> dict[str, tuple[int, ...]]:
    """State-dict names and shapes of a backbone, in a stable order."""
    s = SHAPES[shape] if isinstance(shape, str) else shape
    D, W = s.width, s.text_width
    out: dict[str, tuple[int, ...]] = {
        "visual.conv1.weight": (D, 3, s.patch, s.patch),
        "visual.class_embedding": (D,),
        "visual.positional_embedding": (s.tokens, D),
        "visual.ln_pre.weight": (D,),
        "visual.ln_pre.bias": (D,),
    }

    def blocks(prefix: str, width: int, layers: int, visual: bool) -> None:
        for l in range(layers):
            p = f"{prefix}transformer.resblocks.{l}."
            out[p + "ln_1.weight"] = (width,)
            out[p + "ln_1.bias"] = (width,)
            out[p + "attn.in_proj_weight"] = (3 * width, width)
            out[p + "attn.in_proj_bias"] = (3 * width,)
            out[p + "attn.out_proj.weight"] = (width, width)
            out[p + "attn.out_proj.bias"] = (width,)
            out[p + "ln_2.weight"] = (width,)
            out[p + "ln_2.bias"] = (width,)
            out[p + "mlp.c_fc.weight"] = (4 * width, width)
            out[p + "mlp.c_fc.bias"] = (4 * width,)
            out[p + "mlp.c_proj.weight"] = (width, 4 * width)
            out[p + "mlp.c_proj.bias"] = (width,)
            if adapter:
                out[p + "attn.TVPt_LoRA_a"] = (LORA_RANK, width)
                out[p + "attn.TVPt_LoRA_b"] = (3 * width, LORA_RANK)
                if visual and l in CPE_CLIPS:
                    out[p + "TVPt_Video_Positional_embedding"] = (1, CPE_CLIPS[l], 1, width)

    blocks("visual.", D, s.layers, True)
    out["visual.ln_post.weight"] = (D,)
    out["visual.ln_post.bias"] = (D,)
    out["visual.proj"] = (D, s.embed)
    out["token_embedding.weight"] = (s.vocab, W)
    out["positional_embedding"] = (s.context, W)
    blocks("", W, s.text_layers, False)
    out["ln_final.weight"] = (W,)
    out["ln_final.bias"] = (W,)
    out["text_projection"] = (W, s.embed)
    out["logit_scale"] = ()
    return out


def make_tensor(name: str, shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    """One generated tensor."""
    a, off = amplitude_for(name, shape)
    return generate(name, shape, a, off, seed)


def make_weights(shape: str = "tiny", seed: int = 0, adapter: bool = True) -> dict[str, np.ndarray]:
    """All tensors of a backbone ("tiny", "b32", "b16"); adapter=False omits LoRA and CPE."""
    return {name: make_tensor(name, shp, seed) for name, shp in tensor_shapes(shape, adapter).items()}


def make_frames(frames: int, image: int = 224, seed: int = 0) -> np.ndarray:
    """Deterministic normalized video frames [F, 3, image, image] (float32)."""
    f = np.arange(frames, dtype=np.int64)[:, None, None, None]
    c = np.arange(3, dtype=np.int64)[None, :, None, None]
    y = np.arange(image, dtype=np.int64)[None, None, :, None]
    x = np.arange(image, dtype=np.int64)[None, None, None, :]
    level = ((x // 16) + 2 * (y // 16) + 5 * c + 3 * f) % 13
    pattern = level.astype(np.float32) / np.float32(6) - np.float32(1)
    noise = generate("input.frames", (frames, 3, image, image), 1.0, 0.0, seed)
    return pattern + np.float32(0.25) * noise
