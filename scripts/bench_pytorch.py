#!/usr/bin/env python3
"""PyTorch fp32 TempMe video encoder (written from docs/tempme-spec.md) and a CPU throughput bench.

The encoder runs the CLIP ViT visual tower in the three modes of spec section 7:
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
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F

MODES = ("lora", "tome", "tempme")
HEAD_DIM = 64
LN_EPS = 1e-5
DEFAULT_REFERENCE_PATHS = (Path(__file__).resolve().parents[1] / "reference",)


@dataclass(frozen=True)
class MergeSchedule:
    """Merging settings of spec section 5; percents are the merged fractions as integers."""

    r_img: int = 2
    merged_pct_cross: int = 30
    merged_pct_intra: int = 10
    merge_layers: tuple[int, ...] = (8, 9, 10)
    group_sizes: tuple[int, ...] = (2, 2, 3)
    cpe: bool = True

    @staticmethod
    def default(backbone: str, frames: int) -> "MergeSchedule":
        """Paper settings: B/32 r 2, 30/10 %; B/16 r 10, 40/20 %; groups 4,4,4 for 64 frames."""
        groups = (4, 4, 4) if frames == 64 else (2, 2, 3)
        if backbone == "b16":
            return MergeSchedule(10, 40, 20, (8, 9, 10), groups)
        return MergeSchedule(2, 30, 10, (8, 9, 10), groups)


# ------------------------------------------------------------------ weights


def import_reference(path: Path | None = None):
    """Import `tempme_ref` from the given directory or the default locations."""
    for candidate in ([path] if path else list(DEFAULT_REFERENCE_PATHS)):
        if candidate and (candidate / "tempme_ref" / "__init__.py").is_file():
            sys.path.insert(0, str(candidate))
            return importlib.import_module("tempme_ref")
    raise SystemExit(f"error: tempme_ref not found in {path or [str(p) for p in DEFAULT_REFERENCE_PATHS]}; "
                     "pass --reference DIR (the directory that contains tempme_ref/)")


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
    """CLIP ViT visual tower with LoRA folded in, proportional attention and token merging."""

    def __init__(self, weights: dict[str, torch.Tensor], schedule: MergeSchedule):
        self.w = {k: v.float().contiguous() for k, v in weights.items()}
        self.schedule = schedule
        self.layers = 0
        while f"visual.transformer.resblocks.{self.layers}.ln_1.weight" in self.w:
            self._fold_lora(f"visual.transformer.resblocks.{self.layers}.attn.")
            self.layers += 1
        self.width = self.w["visual.conv1.weight"].shape[0]
        self.heads = self.width // HEAD_DIM
        self.groups = dict(zip(schedule.merge_layers, schedule.group_sizes))

    def _fold_lora(self, prefix: str) -> None:
        a, b = self.w.get(prefix + "TVPt_LoRA_a"), self.w.get(prefix + "TVPt_LoRA_b")
        if a is not None and b is not None:
            self.w[prefix + "in_proj_weight"] = self.w[prefix + "in_proj_weight"] + b @ a

    def embed(self, frames: torch.Tensor) -> torch.Tensor:
        """[clips, 3, H, W] -> [clips, N0, D] after patch embedding, CLS, positions, ln_pre."""
        w = self.w
        x = F.conv2d(frames, w["visual.conv1.weight"], stride=w["visual.conv1.weight"].shape[-1])
        x = x.flatten(2).transpose(1, 2)
        cls = w["visual.class_embedding"].expand(x.shape[0], 1, -1)
        x = torch.cat([cls, x], dim=1) + w["visual.positional_embedding"]
        return F.layer_norm(x, (self.width,), w["visual.ln_pre.weight"], w["visual.ln_pre.bias"], LN_EPS)

    def attention(self, p: str, x: torch.Tensor, size: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Proportional attention; returns (output, key metric averaged over heads)."""
        w = self.w
        h = F.layer_norm(x, (self.width,), w[p + "ln_1.weight"], w[p + "ln_1.bias"], LN_EPS)
        qkv = F.linear(h, w[p + "attn.in_proj_weight"], w[p + "attn.in_proj_bias"])
        b, n, _ = x.shape
        q, k, v = qkv.view(b, n, 3, self.heads, HEAD_DIM).permute(2, 0, 3, 1, 4).unbind(0)
        logits = (q * HEAD_DIM ** -0.5) @ k.transpose(-2, -1) + size.log()[:, None, None, :]
        out = (logits.softmax(dim=-1) @ v).transpose(1, 2).reshape(b, n, self.width)
        return F.linear(out, w[p + "attn.out_proj.weight"], w[p + "attn.out_proj.bias"]), k.mean(dim=1)

    def mlp(self, p: str, x: torch.Tensor) -> torch.Tensor:
        w = self.w
        h = F.layer_norm(x, (self.width,), w[p + "ln_2.weight"], w[p + "ln_2.bias"], LN_EPS)
        h = F.linear(h, w[p + "mlp.c_fc.weight"], w[p + "mlp.c_fc.bias"])
        return F.linear(h * torch.sigmoid(1.702 * h), w[p + "mlp.c_proj.weight"], w[p + "mlp.c_proj.bias"])

    def kind(self, mode: str, layer: int) -> str:
        """Which merge a block performs: plain, img, clip or intra."""
        if mode == "lora":
            return "plain"
        if mode == "tome" or layer < min(self.schedule.merge_layers):
            return "img"
        return "clip" if layer in self.groups else "intra"

    @torch.inference_mode()
    def __call__(self, frames: torch.Tensor, mode: str = "tempme") -> tuple[torch.Tensor, list[int]]:
        """[videos, F, 3, H, W] -> (normalized embeddings [videos, E], [clips, tokens] per video)."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; expected one of {MODES}")
        videos, frame_count = frames.shape[:2]
        x = self.embed(frames.reshape(videos * frame_count, *frames.shape[2:]))
        size = torch.ones(x.shape[:2])
        c, clips = 1, frame_count
        for layer in range(self.layers):
            p = f"visual.transformer.resblocks.{layer}."
            kind = self.kind(mode, layer)
            if kind == "clip" and clips > 1 and self.groups[layer] > 1:
                x, size, c, clips = self.cross_clip(p, x, size, c, clips, self.groups[layer])
            out, metric = self.attention(p, x, size)
            x = x + out
            if kind == "img":
                x, size = bipartite_merge(x, size, metric, self.schedule.r_img, c)
            elif kind in ("clip", "intra"):
                r = merge_count(x.shape[1], c, self.schedule.merged_pct_intra)
                x, size = bipartite_merge(x, size, metric, r, c)
            x = x + self.mlp(p, x)
        cls = x[:, :c].reshape(videos, frame_count, self.width)
        cls = F.layer_norm(cls, (self.width,), self.w["visual.ln_post.weight"], self.w["visual.ln_post.bias"], LN_EPS)
        feats = F.normalize(cls @ self.w["visual.proj"], dim=-1)
        return F.normalize(feats.mean(dim=1), dim=-1), [clips, x.shape[1]]

    def cross_clip(self, p, x, size, c, clips, g):
        """ClipMe steps 1-2: regroup g clips, take the metric, add CPE, merge m0 tokens."""
        total, n, d = x.shape
        x, size = regroup(x, c, g), regroup(size[..., None], c, g)[..., 0]
        new_c, new_clips = c * g, clips // g
        m0 = merge_count(x.shape[1], new_c, self.schedule.merged_pct_cross)
        if m0 <= 0:
            return x, size, new_c, new_clips
        metric = x
        cpe = self.w.get(p + "TVPt_Video_Positional_embedding")
        if self.schedule.cpe and cpe is not None:
            if cpe.shape[1] != clips:
                raise ValueError(f"{p}TVPt_Video_Positional_embedding has {cpe.shape[1]} clips, block receives {clips}")
            per_token = cpe[0, :, 0, :][:, None, :].expand(clips, n, d)
            per_token = per_token.repeat(total // clips, 1, 1)
            x = x + regroup(per_token, c, g)
        x, size = bipartite_merge(x, size, metric, m0, new_c)
        return x, size, new_c, new_clips


def merge_count(n: int, c: int, merged_pct: int) -> int:
    """min(floor(n * pct/100), floor((n - c) / 2)), the authors' double-precision arithmetic."""
    return min(int(n * (merged_pct / 100)), (n - c) // 2)


def regroup(x: torch.Tensor, c: int, g: int) -> torch.Tensor:
    """[clips, n, D] -> [clips/g, g*n, D]: all CLS tokens of g clips first, then their other tokens."""
    clips, n, d = x.shape
    x = x.reshape(clips // g, g, n, d)
    return torch.cat([x[:, :, :c].reshape(clips // g, g * c, d), x[:, :, c:].reshape(clips // g, g * (n - c), d)], 1)


def bipartite_merge(x: torch.Tensor, size: torch.Tensor, metric: torch.Tensor, r: int, c: int):
    """Spec 5 merge(x, metric, r, c) over a batch of clips; returns (x, size)."""
    if r <= 0:
        return x, size
    b, n, d = x.shape
    m = F.normalize(metric[:, c:], dim=-1)
    first_a = 0 if c % 2 == 0 else 1
    a_pos = torch.arange(first_a, n - c, 2)
    b_pos = torch.arange(1 - first_a, n - c, 2)
    scores = m[:, a_pos] @ m[:, b_pos].transpose(1, 2)
    best, partner = scores.max(dim=-1)
    order = best.argsort(dim=-1, descending=True, stable=True)
    src, kept = order[:, :r], order[:, r:].sort(dim=-1).values
    dst = partner.gather(1, src)

    weighted = torch.cat([x * size[..., None], size[..., None]], dim=-1)
    patches = weighted[:, c:]
    a_part, b_part = patches[:, a_pos], patches[:, b_pos].clone()
    moved = a_part.gather(1, src[..., None].expand(b, r, d + 1))
    b_part.scatter_add_(1, dst[..., None].expand(b, r, d + 1), moved)
    unmerged = a_part.gather(1, kept[..., None].expand(b, kept.shape[1], d + 1))
    merged = torch.cat([weighted[:, :c], unmerged, b_part], dim=1)
    new_size = merged[..., d]
    return merged[..., :d] / new_size[..., None], new_size


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
    encoder = VideoEncoder(weights, MergeSchedule.default(args.backbone, args.frames))
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
