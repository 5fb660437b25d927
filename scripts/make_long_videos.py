#!/usr/bin/env python3
"""Generate long synthetic videos for moment search: captioned clips concatenated (see training/long_videos.py).

Usage: make_long_videos.py OUT_DIR [--videos 8] [--clips 10 20] [--seconds 5 9] [--seed 0] [--fps 8] [--size 224] [--distinct-colours]
Writes OUT_DIR/videos/long_*.mp4 and OUT_DIR/moments.jsonl: per line {"video", "duration", "moments": [{"caption",
"start", "end"}]} (seconds). `tempmectl eval --moments OUT_DIR/moments.jsonl` scores moment retrieval on it.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from training.long_videos import generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--videos", type=int, default=8)
    parser.add_argument("--clips", type=int, nargs=2, default=(10, 20), metavar=("MIN", "MAX"), help="clips per video")
    parser.add_argument("--seconds", type=float, nargs=2, default=(5.0, 9.0), metavar=("MIN", "MAX"), help="clip length")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fps", type=int, default=8)
    parser.add_argument("--size", type=int, default=224, help="frame side in pixels")
    parser.add_argument("--distinct-colours", action="store_true", help="no two clips of a video share the mover's colour (at most 4 clips)")
    args = parser.parse_args(argv)
    if args.distinct_colours and args.clips[1] > 4:
        print("error: --distinct-colours allows at most 4 clips per video (4 colours)", file=sys.stderr)
        return 2
    if args.videos < 1 or not 1 <= args.clips[0] <= args.clips[1] or not 0 < args.seconds[0] <= args.seconds[1]:
        print("error: need --videos >= 1, 1 <= MIN <= MAX clips and 0 < MIN <= MAX seconds", file=sys.stderr)
        return 2
    start = time.time()
    manifest = generate(args.out, args.videos, args.seed, tuple(args.clips), tuple(args.seconds), args.fps, args.size,
                        args.distinct_colours)
    print(f"moments {manifest}")
    print(f"done in {time.time() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
