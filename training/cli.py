"""`python3 -m training {train,evaluate}`: fine-tune or pretrain, then measure retrieval."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .checkpoint import load_model_dir, schedule_from_config
from .data import DataError, FrameCache, read_jsonl, read_msrvtt
from .tokenizer import DEFAULT_VOCAB, Tokenizer
from .train import TrainConfig, Trainer


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x)


def _add_data(p: argparse.ArgumentParser, flag: str) -> None:
    p.add_argument(f"--{flag}", type=Path, help="JSONL manifest, or an MSRVTT csv (with --video-dir)")
    p.add_argument("--video-dir", type=Path, help="MSRVTT: folder with {video_id}.mp4")
    p.add_argument("--msrvtt-json", type=Path, help="MSRVTT: MSRVTT_data.json (captions of the train csv)")
    p.add_argument("--vocab", type=Path, default=DEFAULT_VOCAB)
    p.add_argument("--cache", type=Path, help="frame cache folder (train: OUT/frames; evaluate: ~/.cache/tempme-training/frames)")
    p.add_argument("--threads", type=int)


def _items(path: Path, args):
    if path is None:
        raise DataError("no dataset given")
    if path.suffix == ".csv":
        if args.video_dir is None:
            raise DataError(f"{path}: MSRVTT csv needs --video-dir")
        return read_msrvtt(path, args.video_dir, args.msrvtt_json)
    return read_jsonl(path)


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(prog="python3 -m training", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    t = sub.add_parser("train", help="pretrain a CLIP or fine-tune one the TempMe way")
    _add_data(t, "train")
    t.add_argument("--out", type=Path, required=True, help="run folder (checkpoint.pt, model/)")
    t.add_argument("--init", type=Path, help="model directory to start from (needed for finetune)")
    t.add_argument("--stage", choices=("finetune", "pretrain"), default="finetune")
    t.add_argument("--mode", choices=("lora", "tome", "tempme"), default="tempme")
    d = TrainConfig()
    for name in ("frames", "max_words", "batch_size", "epochs", "lora_rank", "seed", "checkpoint_every"):
        t.add_argument("--" + name.replace("_", "-"), type=int, default=getattr(d, name))
    for name in ("lr", "weight_decay", "warmup"):
        t.add_argument("--" + name.replace("_", "-"), type=float, default=getattr(d, name))
    t.add_argument("--train-frames", type=int, help="frames fed while training (default: --frames)")
    t.add_argument("--max-steps", type=int, help="stop after this many steps (checkpointed; rerun to resume)")
    t.add_argument("--export-dtype", choices=("float32", "float16"), default="float32")
    t.add_argument("--fresh", action="store_true", help="ignore an existing checkpoint.pt in --out")
    t.add_argument("--group-batches", action="store_true",
                   help="keep videos of one manifest \"group\" in the same batch (each other's hard negatives)")
    t.add_argument("--backbone", type=json.loads, default={},
                   help='pretrain: JSON Backbone fields, e.g. \'{"visual_width": 128, "visual_layers": 6}\'')
    t.add_argument("--merge-layers", type=_ints)
    t.add_argument("--group-sizes", type=_ints)
    t.add_argument("--r-img", type=int)
    t.add_argument("--no-cpe", action="store_true")

    e = sub.add_parser("evaluate", help="text-to-video retrieval on a test manifest")
    _add_data(e, "test")
    e.add_argument("--model", type=Path, required=True, help="model directory")
    e.add_argument("--modes", default="lora,tome,tempme")
    e.add_argument("--frames", type=int, default=12)
    e.add_argument("--no-adapter", action="store_true", help="ignore adapter.safetensors (zero-shot)")
    e.add_argument("--json", type=Path, help="also write the results here")
    return parser


def train_command(args) -> int:
    """`train`: run (or resume) a training run and export its model directory."""
    schedule = {k: v for k, v in (("merge_layers", args.merge_layers), ("group_sizes", args.group_sizes),
                                  ("r_img", args.r_img)) if v is not None}
    if args.no_cpe:
        schedule["cpe"] = False
    config = TrainConfig(stage=args.stage, mode=args.mode, frames=args.frames, train_frames=args.train_frames,
                         max_words=args.max_words, batch_size=args.batch_size, epochs=args.epochs, lr=args.lr,
                         weight_decay=args.weight_decay, warmup=args.warmup, lora_rank=args.lora_rank, seed=args.seed,
                         group_batches=args.group_batches, checkpoint_every=args.checkpoint_every, max_steps=args.max_steps, threads=args.threads,
                         export_dtype=args.export_dtype, backbone=args.backbone, schedule=schedule)
    trainer = Trainer(config, _items(args.train, args), args.out, Tokenizer(args.vocab), args.init, args.cache)
    if args.fresh:
        trainer.checkpoint_path.unlink(missing_ok=True)
    trainer.resume()
    trainer.prepare()
    history = trainer.train()
    if trainer.step < trainer.total_steps:
        print(f"stopped at step {trainer.step}/{trainer.total_steps}; rerun the same command to resume")
        return 0
    for path in trainer.export():
        print(f"wrote {path}")
    first, last = history[0]["loss"] if history else float("nan"), history[-1]["loss"] if history else float("nan")
    print(f"loss {first:.4f} -> {last:.4f} over {trainer.step} steps")
    return 0


def evaluate_command(args) -> int:
    """`evaluate`: metrics per mode, printed as a table (and JSON with --json)."""
    from .evaluate import evaluate
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    model, config = load_model_dir(args.model, with_adapter=not args.no_adapter)
    schedule = schedule_from_config(config, model.shape.visual_layers, args.frames)
    items = _items(args.test, args)
    cache = FrameCache(args.cache or Path.home() / ".cache" / "tempme-training" / "frames", args.frames,
                       model.shape.image_size)
    tokenizer = Tokenizer(args.vocab)
    results = []
    for mode in [m for m in args.modes.split(",") if m]:
        results.append(evaluate(model, tokenizer, items, cache, mode, schedule, config.get("max_words", 32)))
    print(f"{'mode':7s} {'R@1':>6s} {'R@5':>6s} {'R@10':>6s} {'R-sum':>6s} {'MnR':>6s} {'GFLOPs':>7s} {'videos/s':>8s}")
    for r in results:
        print(f"{r['mode']:7s} {r['R@1']:6.1f} {r['R@5']:6.1f} {r['R@10']:6.1f} {r['R-sum']:6.1f} {r['MnR']:6.1f} "
              f"{r['GFLOPs']:7.3f} {r['videos_per_s']:8.2f}")
    if args.json:
        args.json.write_text(json.dumps({"model": str(args.model), "adapter": not args.no_adapter,
                                         "results": results}, indent=2) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; user errors print one line and exit 2."""
    args = build_parser().parse_args(argv)
    try:
        return train_command(args) if args.command == "train" else evaluate_command(args)
    except (DataError, ValueError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
