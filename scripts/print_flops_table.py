#!/usr/bin/env python3
"""Print spec section 6 (tokens out, video-backbone GMACs) as measured by the numpy reference.

Usage: python3 scripts/print_flops_table.py [--fast]
--fast skips the full-width B/16 and 64-frame rows (about a minute on two busy cores otherwise).
"""

from __future__ import annotations

import argparse

from tempme_ref import default_config, encode_video, make_frames, make_weights

PAPER = {  # (backbone, frames) -> mode -> (tokens, GMACs)
    ("b32", 12): {"lora": ("12 x 50", 53.0), "tome": ("12 x 26", 40.2), "tempme": ("1 x 97", 34.8)},
    ("b32", 64): {"lora": ("64 x 50", None), "tome": ("64 x 26", None), "tempme": ("1 x 500", None)},
    ("b16", 12): {"lora": ("12 x 197", 211.3), "tome": ("12 x 77", 144.4), "tempme": ("1 x 127", 121.4)},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fast", action="store_true", help="only B/32 with 12 frames")
    args = parser.parse_args()
    rows = [("b32", 12)] if args.fast else list(PAPER)
    print(f"| backbone | frames | mode | tokens out | paper tokens | GMACs | paper GMACs | diff |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    weights = {}
    for backbone, frames in rows:
        if backbone not in weights:
            weights = {backbone: make_weights(backbone)}
        video = make_frames(frames)
        for mode, (paper_tokens, paper_gmacs) in PAPER[(backbone, frames)].items():
            config = default_config(backbone, frames, cpe=(frames == 12))
            _, trace = encode_video(weights[backbone], video, mode, config)
            clips, tokens = trace.blocks[-1]
            gmacs = trace.macs / 1e9
            ours = f"{clips} x {tokens}"
            mark = "" if ours == paper_tokens else " MISMATCH"
            paper = f"{paper_gmacs:.1f}" if paper_gmacs else "-"
            diff = f"{100 * (gmacs / paper_gmacs - 1):+.2f}%" if paper_gmacs else "-"
            print(f"| {backbone.upper()} | {frames} | {mode} | {ours}{mark} | {paper_tokens} | {gmacs:.2f} | {paper} | {diff} |",
                  flush=True)


if __name__ == "__main__":
    main()
