"""Parity of a model directory: training's torch model vs the numpy reference, all three modes and text.

Usage: python3 scripts/parity.py MODEL_DIR [--out parity.json] [--tolerance 1e-4]
A comparison tool, so it lives with the tools: training itself never imports the reference.
Inputs are the deterministic frames of docs/deterministic-weights.md (make_frames(F)) and a few captions;
the JSON holds the reference (numpy) embeddings, so the Swift engine can be checked against the same file.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import tempme_ref
import torch

from training.checkpoint import load_model_dir, schedule_from_config
from training.tokenizer import DEFAULT_VOCAB, Tokenizer

CAPTIONS = ("a red circle moves left then a blue square appears", "a green triangle moves up then turns yellow",
            "a yellow square moves down then a red triangle disappears")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; exit 1 when any difference exceeds the tolerance."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--frames", type=int, default=12)
    parser.add_argument("--tolerance", type=float, default=1e-4)
    parser.add_argument("--vocab", type=Path, default=DEFAULT_VOCAB)
    args = parser.parse_args(argv)
    model, config = load_model_dir(args.model)
    model.eval()
    schedule = schedule_from_config(config, model.shape.visual_layers, args.frames)
    weights = {k: v.float().numpy() for k, v in model.state_dict().items()}
    ref_config = tempme_ref.VideoConfig(schedule.r_img, schedule.merged_pct_cross, schedule.merged_pct_intra,
                                        schedule.merge_layers, schedule.group_sizes, schedule.cpe)
    frames = tempme_ref.make_frames(args.frames, model.shape.image_size)
    report = {"model": str(args.model), "config": schedule.as_config(), "frames": args.frames,
              "input": f"tempme_ref.make_frames({args.frames}, {model.shape.image_size})", "video": {}, "text": {}}
    worst = 0.0
    with torch.no_grad():
        for mode in ("lora", "tome", "tempme"):
            expected, trace = tempme_ref.encode_video(weights, frames, mode, ref_config)
            got, tokens = model.visual(torch.from_numpy(frames)[None], mode, schedule)
            diff = float(np.abs(got[0].numpy() - expected).max())
            worst = max(worst, diff)
            report["video"][mode] = {"embedding": [float(x) for x in expected], "max_abs_diff_torch": diff,
                                     "tokens_out": trace.blocks[-1], "blocks": trace.blocks, "macs": int(trace.macs),
                                     "min_decision_margin": float(trace.margin)}
            print(f"video {mode:7s} max |torch - reference| {diff:.2e}  tokens out {tokens}  "
                  f"GMACs {trace.macs / 1e9:.3f}  margin {trace.margin:.1e}")
        tokenizer = Tokenizer(args.vocab)
        ids = np.array([tokenizer.encode(c, config.get("max_words", 32)) for c in CAPTIONS])
        expected = tempme_ref.encode_text(weights, ids)
        got = model.encode_text(torch.from_numpy(ids)).numpy()
        diff = float(np.abs(got - expected).max())
        worst = max(worst, diff)
        report["text"] = {"captions": list(CAPTIONS), "ids": ids.tolist(), "embeddings": expected.tolist(),
                          "max_abs_diff_torch": diff}
        print(f"text            max |torch - reference| {diff:.2e}")
    if args.out:
        args.out.write_text(json.dumps(report) + "\n")
    ok = worst <= args.tolerance
    print(f"{'PASS' if ok else 'FAIL'}: worst {worst:.2e} (tolerance {args.tolerance:g})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
