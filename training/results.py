"""The results table: zero-shot, LoRA, ToMe and TempMe runs of one recipe, evaluated on one test split.

Usage: python3 -m training.results --test TEST.jsonl --runs RUNS_DIR [--cache DIR] [--json F] [--markdown F]
RUNS_DIR holds pretrain/, lora/, tome/ and tempme/ (each with model/); missing runs are left out.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch

from .checkpoint import load_model_dir, schedule_from_config
from .data import FrameCache, read_jsonl
from .evaluate import evaluate
from .tokenizer import DEFAULT_VOCAB, Tokenizer

ROWS = (("zero-shot", "pretrain", "lora", False), ("LoRA", "lora", "lora", True),
        ("ToMe", "tome", "tome", True), ("TempMe", "tempme", "tempme", True))


def table(results: list[dict]) -> str:
    """Markdown table of the rows."""
    lines = ["| method | mode | R@1 | R@5 | R@10 | R-sum | MdR | MnR | GFLOPs | videos/s |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        lines.append(f"| {r['method']} | {r['mode']} | {r['R@1']:.1f} | {r['R@5']:.1f} | {r['R@10']:.1f} | "
                     f"{r['R-sum']:.1f} | {r['MdR']:.1f} | {r['MnR']:.1f} | {r['GFLOPs']:.3f} | {r['videos_per_s']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test", type=Path, required=True)
    parser.add_argument("--runs", type=Path, required=True)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--vocab", type=Path, default=DEFAULT_VOCAB)
    parser.add_argument("--frames", type=int, default=12)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    items, tokenizer = read_jsonl(args.test), Tokenizer(args.vocab)
    results = []
    for method, run, mode, adapter in ROWS:
        directory = args.runs / run / "model"
        if not (directory / "clip.safetensors").is_file():
            print(f"skip {method}: {directory} missing", file=sys.stderr)
            continue
        model, config = load_model_dir(directory, with_adapter=adapter)
        schedule = schedule_from_config(config, model.shape.visual_layers, args.frames)
        cache = FrameCache(args.cache or args.runs / "frames", args.frames, model.shape.image_size)
        row = evaluate(model, tokenizer, items, cache, mode, schedule, config.get("max_words", 32))
        results.append({"method": method, "model": str(directory), **row})
    text = table(results)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    if args.markdown:
        args.markdown.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
