#!/usr/bin/env python3
"""PyTorch fp32 TempMe video encoder (written from docs/tempme-spec.md) and a CPU throughput bench.

The encoder (training/model.py's VisualTower, LoRA folded in) runs the three modes of spec section 7:
  lora    every frame alone through all blocks, mean of normalized frame CLS features;
  tome    ImgMe merging (r_img) in every block, frames independent;
  tempme  ImgMe, then ClipMe / intra-clip merging on the schedule of spec section 5.

Weights come from a converted model directory (`clip.safetensors` [+ `adapter.safetensors`], see
convert_checkpoint.py) or from the deterministic generator of docs/deterministic-weights.md, which
is imported at run time from the numpy reference (`reference/tempme_ref`, see --reference).

Usage:
  bench_pytorch.py [--threads 2] [--backbone b32|b16] [--frames 12] [--repeats 5]
                   [--modes lora,tome,tempme] [--weights DIR] [--json]
Prints per-mode videos/s (median of the repeats, modes interleaved) and the tokens leaving the last block.
"""
from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
from pathlib import Path

import torch

from training.merge import MergeSchedule, bipartite_merge, merge_count, regroup  # noqa: F401 (re-exported)
from training.model import MODES, Backbone, VisualTower


# ------------------------------------------------------------------ weights


def import_reference(path: Path | None = None):
    """The installed `tempme_ref` (pyproject.toml), or the one in directory `path` (another checkout's reference/)."""
    if path is None:
        return importlib.import_module("tempme_ref")
    if not (path / "tempme_ref" / "__init__.py").is_file():
        raise SystemExit(f"error: no tempme_ref/ in {path}; pass --reference DIR (the directory that contains tempme_ref/)")
    sys.path.insert(0, str(path))  # an external checkout named on the command line
    return importlib.import_module("tempme_ref")


def deterministic_weights(reference, backbone: str, visual_only: bool = True,
                          adapter: bool = True) -> dict[str, torch.Tensor]:
    """Generator weights (docs/deterministic-weights.md) as torch tensors."""
    shapes = reference.weights.tensor_shapes(backbone, adapter)
    return {name: torch.from_numpy(reference.make_tensor(name, shape))
            for name, shape in shapes.items() if not visual_only or name.startswith("visual.")}


def load_weight_dir(directory: Path) -> dict[str, torch.Tensor]:
    """clip.safetensors plus adapter.safetensors (if present), as float32."""
    from safetensors.torch import load_file

    weights = load_file(str(directory / "clip.safetensors"))
    adapter = directory / "adapter.safetensors"
    if adapter.is_file():
        weights.update(load_file(str(adapter)))
    return {k: v.float() for k, v in weights.items()}


# ------------------------------------------------------------------ encoder


class VideoEncoder:
    """The training package's visual tower (training/model.py) with LoRA folded in, run for inference."""

    def __init__(self, weights: dict[str, torch.Tensor], schedule: MergeSchedule):
        w = {k[len("visual."):]: v.float() for k, v in weights.items() if k.startswith("visual.")}
        layers = 0
        while f"transformer.resblocks.{layers}.ln_1.weight" in w:
            p = f"transformer.resblocks.{layers}.attn."
            a, b = w.pop(p + "TVPt_LoRA_a", None), w.pop(p + "TVPt_LoRA_b", None)
            if a is not None and b is not None:
                w[p + "in_proj_weight"] = w[p + "in_proj_weight"] + b @ a
            layers += 1
        conv, grid = w["conv1.weight"], round((w["positional_embedding"].shape[0] - 1) ** 0.5)
        shape = Backbone(visual_width=conv.shape[0], visual_layers=layers, patch_size=conv.shape[-1],
                         image_size=grid * conv.shape[-1], embed_dim=w["proj"].shape[1])
        self.tower = VisualTower(shape)
        for layer, block in enumerate(self.tower.transformer.resblocks):
            cpe = w.get(f"transformer.resblocks.{layer}.TVPt_Video_Positional_embedding")
            if cpe is not None:
                block.TVPt_Video_Positional_embedding = torch.nn.Parameter(cpe)
        self.tower.load_state_dict(w)
        self.tower.eval()
        self.schedule, self.layers, self.width = schedule, layers, shape.visual_width

    @torch.inference_mode()
    def __call__(self, frames: torch.Tensor, mode: str = "tempme") -> tuple[torch.Tensor, list[int]]:
        """[videos, F, 3, H, W] -> (normalized embeddings [videos, E], [clips, tokens] per video)."""
        return self.tower(frames, mode, self.schedule)


# ------------------------------------------------------------------ bench


def bench(encoder: VideoEncoder, frames: torch.Tensor, modes, repeats: int, warmup: int = 1) -> dict:
    """Median videos/s per mode; modes are interleaved in every repeat so load hits all alike."""
    times: dict[str, list[float]] = {mode: [] for mode in modes}
    cpu: dict[str, list[float]] = {mode: [] for mode in modes}
    tokens: dict[str, list[int]] = {}
    for mode in modes:
        for _ in range(warmup):
            encoder(frames, mode)
    for _ in range(repeats):
        for mode in modes:
            start, cpu_start = time.perf_counter(), time.process_time()
            _, tokens[mode] = encoder(frames, mode)
            times[mode].append(time.perf_counter() - start)
            cpu[mode].append(time.process_time() - cpu_start)
    results = {}
    for mode in modes:
        per_s = [frames.shape[0] / t for t in times[mode]]
        results[mode] = {"videos_per_s": round(statistics.median(per_s), 3),
                         "best_videos_per_s": round(max(per_s), 3),
                         "seconds_per_video": round(statistics.median(times[mode]) / frames.shape[0], 4),
                         # CPU seconds of the whole process per video: robust to a busy machine.
                         "cpu_seconds_per_video": round(statistics.median(cpu[mode]) / frames.shape[0], 4),
                         "tokens_out": {"clips": tokens[mode][0], "tokens_per_clip": tokens[mode][1]}}
    base = results.get("lora", {}).get("videos_per_s")
    if base:
        for mode in results:
            results[mode]["speedup_vs_lora"] = round(results[mode]["videos_per_s"] / base, 3)
    return results


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="PyTorch fp32 TempMe encoder throughput (CPU).")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--backbone", choices=("b32", "b16"), default="b32")
    parser.add_argument("--frames", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--batch", type=int, default=1, help="videos per forward")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--weights", type=Path, help="model directory (clip.safetensors [+ adapter.safetensors])")
    parser.add_argument("--reference", type=Path, help="directory containing tempme_ref/ (deterministic weights)")
    parser.add_argument("--json", action="store_true", help="print only the JSON result")
    args = parser.parse_args(argv)
    modes = [m for m in args.modes.split(",") if m]
    if unknown := [m for m in modes if m not in MODES]:
        parser.error(f"unknown mode(s) {unknown}; choose from {MODES}")
    if args.frames < 1 or args.repeats < 1 or args.batch < 1 or args.threads < 1:
        parser.error("--frames, --repeats, --batch and --threads must be positive")

    torch.set_num_threads(args.threads)
    reference = import_reference(args.reference)
    weights = load_weight_dir(args.weights) if args.weights else deterministic_weights(reference, args.backbone)
    schedule = MergeSchedule.default(args.backbone, args.frames)
    if args.weights and (args.weights / "config.json").is_file():  # a trained model directory's own schedule
        from training.checkpoint import schedule_from_config

        layers = sum(1 for k in weights if k.startswith("visual.") and k.endswith(".attn.in_proj_weight"))
        schedule = schedule_from_config(json.loads((args.weights / "config.json").read_text()), layers, args.frames)
    encoder = VideoEncoder(weights, schedule)
    frames = torch.from_numpy(reference.make_frames(args.frames)).expand(args.batch, -1, -1, -1, -1).contiguous()
    results = {"backbone": args.backbone, "frames": args.frames, "threads": args.threads,
               "batch": args.batch, "repeats": args.repeats, "torch": torch.__version__,
               "weights": str(args.weights) if args.weights else "deterministic",
               "modes": {}}
    try:
        results["modes"] = bench(encoder, frames, modes, args.repeats)
    except ValueError as error:
        print(f"error: {error} (the deterministic CPE is shaped for 12 frames; use --frames 12 or "
              "--weights with matching adapters)", file=sys.stderr)
        return 2
    if not args.json:
        for mode, r in results["modes"].items():
            print(f"{mode:7s} {r['videos_per_s']:8.3f} videos/s  tokens out {r['tokens_out']['clips']} x "
                  f"{r['tokens_out']['tokens_per_clip']}", file=sys.stderr)
    print(json.dumps(results, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
