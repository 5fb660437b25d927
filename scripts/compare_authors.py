#!/usr/bin/env python3
"""Run the authors' TempMe forward pass (LunarShen/TempMe) on the deterministic weights and frames
and compare its embeddings with the numpy reference (`reference/tempme_ref`) and with the PyTorch
encoder of bench_pytorch.py.

Nothing of the authors' code is copied here: their repository is imported from --authors-repo at
run time. Monkeypatches, all local to this process:
  * `timm` and `tqdm` are stubbed when missing (imported by their modules, unused for inference);
  * the pretrained CLIP file their VTRModel loads is a state dict we write to a temporary
    directory from the deterministic generator (docs/deterministic-weights.md);
  * lora / tome modes, which their code has no switch for, are expressed with their own options:
    lora = tome_r 0, merge_layer 12 (never reached), frame_pos 0; tome = the same with tome_r 2.

Usage:
  compare_authors.py --authors-repo /tmp/authors-tempme [--reference DIR] [--backbone tiny|b32]
                     [--modes tempme,lora,tome] [--text] [--json]
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
import types
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import torch

from scripts import bench_pytorch  # the spec-written PyTorch encoder
from scripts import convert_checkpoint

warnings.filterwarnings("ignore", category=FutureWarning)  # torch.jit deprecation notes

AUTHOR_MODES = {
    "tempme": dict(tome_r=2, merge_layer="8-9-10", merge_frame_num="2-2-3", frame_pos=1),
    "tome": dict(tome_r=2, merge_layer="12", merge_frame_num="1", frame_pos=0),
    "lora": dict(tome_r=0, merge_layer="12", merge_frame_num="1", frame_pos=0),
}
TEXT_IDS = [[49406, 320, 1929, 530, 518, 2867, 49407] + [0] * 25,
            [49406, 1237, 2368, 3005, 631, 539, 320, 1746, 2102, 49407] + [0] * 22]


def stub_missing_modules() -> list[str]:
    """Provide `timm.models.layers.drop_path` and `tqdm.tqdm` if they are not installed."""
    stubbed = []
    try:
        importlib.import_module("timm.models.layers")
    except ImportError:
        timm, models, layers = (types.ModuleType(n) for n in ("timm", "timm.models", "timm.models.layers"))
        layers.drop_path = lambda x, drop_prob=0.0, training=False: x
        timm.models, models.layers = models, layers
        sys.modules.update({"timm": timm, "timm.models": models, "timm.models.layers": layers})
        stubbed.append("timm")
    try:
        importlib.import_module("tqdm")
    except ImportError:
        tqdm = types.ModuleType("tqdm")
        tqdm.tqdm = lambda iterable=None, *a, **k: iterable
        sys.modules["tqdm"] = tqdm
        stubbed.append("tqdm")
    return stubbed


def import_authors(repo: Path):
    """Import their `tvr.models.modeling` from the repository path."""
    if not (repo / "tvr" / "models" / "modeling.py").is_file():
        raise SystemExit(f"error: {repo} does not look like LunarShen/TempMe (no tvr/models/modeling.py)")
    sys.path.insert(0, str(repo))  # their checkout, named on the command line
    return importlib.import_module("tvr.models.modeling")


def build_authors_model(modeling, weights_file_dir: Path, mode: str, backbone: str):
    """Their VTRModel on our weights, in eval mode, with every tensor checked to have loaded."""
    config = SimpleNamespace(base_encoder="ViT-B/16" if backbone == "b16" else "ViT-B/32",
                             lora_dim=8, pretrained_path=str(weights_file_dir), max_frames=12,
                             tome_tracesource=False, tome_propattn=True,
                             merge_token_proportion="40-20" if backbone == "b16" else "30-10",
                             **AUTHOR_MODES[mode])
    if backbone == "b16" and mode != "lora":
        config.tome_r = 10
    model = modeling.VTRModel(config).eval()
    state = torch.load(weights_file_dir / checkpoint_name(backbone), map_location="cpu")
    result = model.clip.load_state_dict(state, strict=False)
    params = dict(model.clip.named_parameters())
    missing = [k for k in result.missing_keys if k in params]
    if missing:
        raise SystemExit(f"error: authors' model has parameters our weights do not provide: {missing[:5]}")
    return model, [k for k in result.unexpected_keys]


def checkpoint_name(backbone: str) -> str:
    """File name their VTRModel looks for under pretrained_path (their _PT_NAME table)."""
    return "ViT-B-16.pt" if backbone == "b16" else "ViT-B-32.pt"


def authors_video(model, frames: torch.Tensor) -> tuple[np.ndarray, list[int]]:
    """Their get_video_feat on one video, L2-normalised (they normalise before the dot product)."""
    with torch.no_grad():
        feat = model.get_video_feat(frames, torch.ones(1, frames.shape[0], dtype=torch.long))
    info = model.clip._tome_info
    feat = torch.nn.functional.normalize(feat.float(), dim=-1)
    return feat[0].numpy(), [info["frame_num"], info["token_num"]]


def authors_text(model, ids: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        t = torch.from_numpy(ids)
        feat = model.get_text_feat(t, (t > 0).long())
    return torch.nn.functional.normalize(feat.float(), dim=-1).numpy()


def check_converter(model, weights: dict[str, np.ndarray], tmp: Path) -> dict:
    """Save their VTRModel state dict as their training code does, convert it, compare tensors."""
    torch.save(model.state_dict(), tmp / "authors_checkpoint.pth")
    result = convert_checkpoint.convert(convert_checkpoint.load_raw(tmp / "authors_checkpoint.pth"))
    converted = {**result.backbone, **result.adapter}
    expected = [k for k in weights if model.config.frame_pos or "TVPt_Video" not in k]
    mismatched = [k for k in expected if k not in converted
                  or not np.array_equal(converted[k].numpy(), weights[k])]
    return {"layout": result.layout, "backbone": result.config["backbone"],
            "lora_rank": result.config["lora_rank"], "cpe_clips": result.config["cpe_clips"],
            "tensors": len(converted), "mismatched_or_missing": mismatched[:5]}


def compare(args) -> dict:
    """Run every requested mode; return the differences as a JSON-able dict."""
    torch.set_num_threads(args.threads)
    stubbed = stub_missing_modules()
    modeling = import_authors(args.authors_repo)
    reference = bench_pytorch.import_reference(args.reference)
    weights = reference.make_weights(args.backbone)
    frames_np = reference.make_frames(12)
    frames = torch.from_numpy(frames_np)
    out = {"backbone": args.backbone, "frames": 12, "stubbed_modules": stubbed, "modes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        # Their loader tries torch.jit.load, then torch.load: a plain state dict is accepted.
        torch.save({k: torch.from_numpy(v.copy()) for k, v in weights.items()},
                   Path(tmp) / checkpoint_name(args.backbone))
        visual = {k: torch.from_numpy(v) for k, v in weights.items() if k.startswith("visual.")}
        ours = bench_pytorch.VideoEncoder(visual, bench_pytorch.MergeSchedule.default(
            "b16" if args.backbone == "b16" else "b32", 12))
        model = None
        for mode in args.modes:
            model, unused = build_authors_model(modeling, Path(tmp), mode, args.backbone)
            theirs, their_tokens = authors_video(model, frames)
            ref_emb, trace = reference.encode_video(weights, frames_np, mode,
                                                    reference.default_config(args.backbone, 12))
            torch_emb, torch_tokens = ours(frames[None], mode)
            torch_emb = torch_emb[0].numpy()
            out["modes"][mode] = {
                "authors_tokens_out": their_tokens, "reference_tokens_out": trace.blocks[-1],
                "torch_tokens_out": torch_tokens,
                "max_abs_diff_authors_vs_reference": float(np.abs(theirs - ref_emb).max()),
                "max_abs_diff_authors_vs_torch": float(np.abs(theirs - torch_emb).max()),
                "max_abs_diff_torch_vs_reference": float(np.abs(torch_emb - ref_emb).max()),
                "cosine_authors_reference": float(theirs @ ref_emb),
                "reference_decision_margin": float(trace.margin),
                "authors_weights_unused": sorted({k.split(".")[-1] for k in unused}),
            }
        if args.check_converter and model is not None:
            out["converter_on_authors_checkpoint"] = check_converter(model, weights, Path(tmp))
        if args.text and model is not None:
            ids = np.array(TEXT_IDS, dtype=np.int64)
            diff = np.abs(authors_text(model, ids) - reference.encode_text(weights, ids)).max()
            out["text_max_abs_diff_authors_vs_reference"] = float(diff)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Authors' TempMe forward vs our reference.")
    parser.add_argument("--authors-repo", type=Path, required=True, help="checkout of LunarShen/TempMe")
    parser.add_argument("--reference", type=Path, help="directory containing tempme_ref/")
    parser.add_argument("--backbone", choices=("tiny", "b32", "b16"), default="b32")
    parser.add_argument("--modes", default="tempme,tome,lora")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--text", action="store_true", help="also compare text embeddings")
    parser.add_argument("--check-converter", action="store_true",
                        help="also convert the authors' model state dict and check every tensor")
    parser.add_argument("--json", action="store_true", help="print only JSON")
    args = parser.parse_args(argv)
    args.modes = [m for m in args.modes.split(",") if m]
    if bad := [m for m in args.modes if m not in AUTHOR_MODES]:
        parser.error(f"unknown mode(s) {bad}")
    result = compare(args)
    if not args.json:
        for mode, r in result["modes"].items():
            print(f"{mode:7s} tokens authors {r['authors_tokens_out']} ref {r['reference_tokens_out']}  "
                  f"max|authors-ref| {r['max_abs_diff_authors_vs_reference']:.3e}  "
                  f"max|authors-torch| {r['max_abs_diff_authors_vs_torch']:.3e}", file=sys.stderr)
    print(json.dumps(result, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
