#!/usr/bin/env python3
"""Generate the deterministic synthetic text-video benchmark (see training/synthetic.py).

Usage: make_synthetic_dataset.py OUT_DIR [--train 944] [--test 64] [--seed 0] [--frames 24] [--fps 8] [--workers 2]
Writes OUT_DIR/videos/*.mp4, OUT_DIR/train.jsonl and OUT_DIR/test.jsonl. Needs ffmpeg (libx264).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from training.synthetic import generate


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--train", type=int, default=944, help="training clips (even: twin pairs; 944 = every content not in test)")
    parser.add_argument("--test", type=int, default=64, help="test clips (even: twin pairs)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--frames", type=int, default=24, help="frames per clip")
    parser.add_argument("--fps", type=int, default=8)
    parser.add_argument("--size", type=int, default=224, help="frame side in pixels")
    parser.add_argument("--workers", type=int, default=2, help="clips encoded at once")
    args = parser.parse_args(argv)
    start = time.time()
    try:
        manifests = generate(args.out, args.train, args.test, args.seed, args.frames, args.fps, args.size, args.workers)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for split, path in manifests.items():
        print(f"{split:5s} {path}")
    print(f"done in {time.time() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
