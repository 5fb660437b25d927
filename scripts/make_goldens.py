#!/usr/bin/env python3
"""Write Tests/TempMeModelTests/Golden/{tiny,b32}.json from the numpy reference (reference/tempme_ref).

Usage: python3 scripts/make_goldens.py [--only tiny|b32]
Floats are float32 values written with Python's repr (shortest round-trip form).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from tempme_ref import SHAPES, default_config, encode_text, encode_video, make_frames, make_weights
from tempme_ref.weights import tensor_shapes

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "TempMeModelTests" / "Golden"
SOT, EOT = 49406, 49407
LENGTH = 32

SAMPLE_NAMES = [
    "logit_scale",
    "visual.conv1.weight",
    "visual.ln_pre.bias",
    "visual.transformer.resblocks.0.attn.in_proj_weight",
    "visual.transformer.resblocks.3.attn.TVPt_LoRA_a",
    "visual.transformer.resblocks.8.TVPt_Video_Positional_embedding",
    "transformer.resblocks.11.attn.TVPt_LoRA_b",
    "transformer.resblocks.5.mlp.c_proj.weight",
    "token_embedding.weight",
    "ln_final.weight",
]


def floats(values) -> list[float]:
    return [float(v) for v in np.asarray(values, dtype=np.float32).ravel()]


def text_cases() -> list[dict]:
    """Fixed id sequences of length 32: ordinary, empty, full length, and one with id 0 inside the text."""
    def pad(ids):
        return ids + [0] * (LENGTH - len(ids))

    full = [SOT] + [(1000 + 1597 * i) % 49406 for i in range(LENGTH - 2)] + [EOT]
    return [
        {"label": "short", "ids": pad([SOT, 320, 1929, 539, 320, 2368, 530, 518, 2431, EOT])},
        {"label": "empty", "ids": pad([SOT, EOT])},
        {"label": "full_length_eot_last", "ids": full},
        {"label": "zero_id_inside_text", "ids": pad([SOT, 0, 256, 0, 49405, 1, 0, EOT])},
    ]


def weight_samples(weights: dict[str, np.ndarray]) -> list[dict]:
    out = []
    for name in SAMPLE_NAMES:
        t = weights[name]
        flat = t.ravel()
        out.append({
            "name": name,
            "shape": list(t.shape),
            "first8": floats(flat[:8]),
            "last8": floats(flat[-8:]),
            "sum_f64": float(np.sum(flat.astype(np.float64))),
        })
    return out


def video_case(weights, backbone, frames, mode, adapter, cpe=True, keep_features=False) -> dict:
    config = default_config(backbone, frames.shape[0], cpe=cpe)
    start = time.time()
    emb, trace = encode_video(weights, frames, mode, config)
    case = {
        "mode": mode,
        "frames": int(frames.shape[0]),
        "adapter": adapter,
        "config": config.as_dict(),
        "embedding": floats(emb),
        "blocks": trace.blocks,
        "tokens_out": trace.blocks[-1],
        "macs": int(trace.macs),
        "block_macs": [int(m) for m in trace.block_macs],
        "min_decision_margin": trace.margin if np.isfinite(trace.margin) else None,
    }
    if keep_features:
        case["frame0_feature_unnormalized"] = floats(trace.frame_features[0])
    print(f"  {backbone} {mode} F={frames.shape[0]} adapter={adapter}: tokens {trace.blocks[-1]}, "
          f"{trace.macs / 1e9:.3f} GMACs, margin {trace.margin:.3g}, {time.time() - start:.1f}s")
    return case


def build(backbone: str) -> dict:
    shape = SHAPES[backbone]
    weights = make_weights(backbone, seed=0, adapter=True)
    frames12 = make_frames(12)
    doc = {
        "about": "Golden outputs of the numpy TempMe reference (reference/tempme_ref, scripts/make_goldens.py). "
                 "Weights and frames from docs/deterministic-weights.md, seed 0. Decisions: "
                 "(see reference/NOTES.md).",
        "backbone": backbone,
        "seed": 0,
        "dims": {k: getattr(shape, k) for k in ("width", "layers", "heads", "patch", "image", "embed",
                                                 "text_width", "text_layers", "text_heads", "context", "vocab")},
        "tolerance_embedding_max_abs": 1e-4,
        "weight_count": len(tensor_shapes(backbone)),
        "weight_samples": weight_samples(weights),
        "frame_samples": {
            "frames": 12,
            "first8": floats(frames12.ravel()[:8]),
            "at_index": {str(i): float(frames12.ravel()[i]) for i in (224 * 16 + 16, 3 * 224 * 224 + 7, 12 * 3 * 224 * 224 - 1)},
            "sum_f64": float(np.sum(frames12.astype(np.float64))),
        },
        "video": [],
        "text": [],
    }
    for mode in ("lora", "tome", "tempme"):
        doc["video"].append(video_case(weights, backbone, frames12, mode, True,
                                       keep_features=(backbone == "b32" and mode == "lora")))
    if backbone == "tiny":
        frames64 = make_frames(64)
        for mode in ("tome", "tempme"):
            doc["video"].append(video_case(weights, backbone, frames64, mode, True, cpe=False))
    cases = text_cases()
    ids = np.array([c["ids"] for c in cases], dtype=np.int64)
    embs = encode_text(weights, ids)
    for case, emb in zip(cases, embs):
        doc["text"].append({**case, "adapter": True, "embedding": floats(emb)})
    if backbone == "b32":
        bare = make_weights(backbone, seed=0, adapter=False)
        doc["video"].append(video_case(bare, backbone, frames12, "tempme", False))
        emb = encode_text(bare, ids[:1])[0]
        doc["text"].append({**cases[0], "adapter": False, "embedding": floats(emb)})
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=sorted(("tiny", "b32")))
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for backbone in ([args.only] if args.only else ["tiny", "b32"]):
        start = time.time()
        print(f"{backbone}:")
        doc = build(backbone)
        path = OUT / f"{backbone}.json"
        path.write_text(json.dumps(doc, indent=1) + "\n")
        print(f"  wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1024:.0f} KiB) in {time.time() - start:.1f}s")


if __name__ == "__main__":
    main()
