#!/usr/bin/env python3
"""The paper's results table on a test manifest, every figure from `tempmectl eval` (the Swift engine).

Usage: results_table.py --test TEST.jsonl --runs RUNS_DIR [--tempmectl PATH] [--json F] [--markdown F]

RUNS_DIR holds the runs `scripts/make_demo_model.sh` writes: pretrain/ (zero-shot: the pretrained
backbone, per-frame, no adapter), lora/, tome/ and tempme/ (each fine-tuned in its own mode), each with
model/. Missing runs are left out. "twin acc" is tempmectl's within-group accuracy: how often a caption's
video beats the other videos of its manifest group (the synthetic benchmark's time-reversed twin). videos/s is tempmectl's encoder on one core; the rows run one after
another, so compare them as ratios from one run of this script.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scripts.built_binary import built_binary
from scripts.json_command import run_json

ROWS = (("zero-shot", "pretrain", "lora"), ("LoRA", "lora", "lora"), ("ToMe", "tome", "tome"),
        ("TempMe", "tempme", "tempme"))
HEADER = ("| method | mode | R@1 | R@5 | R@10 | R-sum | MdR | MnR | twin acc | v2t R@1 | v2t R-sum | GFLOPs | videos/s |\n"
          "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")


def evaluate(tempmectl: Path, test: Path, model: Path, mode: str) -> dict:
    """One `tempmectl eval --json` report."""
    return run_json([str(tempmectl), "eval", str(test), "--model", str(model), "--mode", mode, "--json"])


def r_sum(metrics: dict) -> float:
    """R@1 + R@5 + R@10."""
    return metrics["r_at_1"] + metrics["r_at_5"] + metrics["r_at_10"]


def row(method: str, report: dict) -> str:
    """One markdown row of a report."""
    t, v = report["text_to_video"], report["video_to_text"]
    group = report.get("text_to_video_in_group")
    twin = f"{group['percent']:.1f}" if group else "-"
    return (f"| {method} | {report['mode']} | {t['r_at_1']:.1f} | {t['r_at_5']:.1f} | {t['r_at_10']:.1f} | "
            f"{r_sum(t):.1f} | {t['median_rank']:.1f} | {t['mean_rank']:.1f} | {twin} | {v['r_at_1']:.1f} | {r_sum(v):.1f} | "
            f"{report['gflops']:.3f} | {report['videos_per_s']:.1f} |")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test", type=Path, required=True)
    parser.add_argument("--runs", type=Path, required=True)
    parser.add_argument("--tempmectl", type=Path, default=built_binary("tempmectl"))
    parser.add_argument("--json", type=Path)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)
    if not args.tempmectl.is_file():
        print(f"error: {args.tempmectl} not found (swift build -c release --product tempmectl)", file=sys.stderr)
        return 2
    reports, lines = [], [HEADER]
    for method, run, mode in ROWS:
        model = args.runs / run / "model"
        if not (model / "clip.safetensors").is_file():
            print(f"skip {method}: {model} missing", file=sys.stderr)
            continue
        try:
            report = evaluate(args.tempmectl, args.test, model, mode)
        except RuntimeError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        reports.append({"method": method, **report})
        lines.append(row(method, report))
    table = "\n".join(lines)
    print(table)
    if args.json:
        args.json.write_text(json.dumps(reports, indent=2) + "\n")
    if args.markdown:
        args.markdown.write_text(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
