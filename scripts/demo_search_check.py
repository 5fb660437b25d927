#!/usr/bin/env python3
"""Through a running daemon: ingest a manifest's videos, search each caption, count how often its video is found.

Usage: demo_search_check.py MANIFEST.jsonl [--server 127.0.0.1:7700] [-k 5] [--tempmectl PATH] [--keep]

This is the newcomer's first search, measured: start the daemon with README's run command (the demo
model), make the synthetic benchmark (`scripts/make_synthetic_dataset.py OUT`), then run this on
OUT/test.jsonl. Videos are ingested with ids `check-<file stem>` (replacing earlier ones) and metadata
`demo_search_check=1`, searched among themselves only, and deleted afterwards unless --keep.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scripts.built_binary import built_binary
from scripts.json_command import run_json

TAG = "demo_search_check"  # metadata key of the videos this check ingests


def tempmectl(binary: Path, server: str, *args: str) -> dict:
    """Run one tempmectl command with --json; its JSON output, or RuntimeError with its message."""
    return run_json([str(binary), *args, "--server", server, "--json"])


def read_manifest(path: Path) -> list[tuple[Path, list[str]]]:
    """(video path, captions) per line; relative paths resolve against the manifest's folder."""
    entries = []
    for line in path.read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            video = Path(row["video"])
            entries.append((video if video.is_absolute() else path.parent / video,
                            row.get("captions") or [row["caption"]]))
    return entries


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: 0 when every call worked (whatever the hit rate), 1 if one failed, 2 on bad input."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--server", default="127.0.0.1:7700")
    parser.add_argument("-k", type=int, default=5, choices=range(1, 1001), metavar="K (1-1000)")
    parser.add_argument("--tempmectl", type=Path, default=built_binary("tempmectl"))
    parser.add_argument("--keep", action="store_true", help="leave the ingested videos in the store")
    args = parser.parse_args(argv)
    if not args.tempmectl.is_file():
        print(f"error: {args.tempmectl} not found (swift build -c release --product tempmectl)", file=sys.stderr)
        return 2
    try:
        entries = read_manifest(args.manifest)
    except (OSError, ValueError, KeyError) as error:
        print(f"error: cannot read manifest {args.manifest}: {error!r}", file=sys.stderr)
        return 2
    ids = [f"check-{video.stem}" for video, _ in entries]
    try:
        for (video, _), video_id in zip(entries, ids):
            tempmectl(args.tempmectl, args.server, "ingest", str(video), "--id", video_id, "--replace",
                      "--meta", f"{TAG}=1")
        within, first, queries = 0, 0, 0
        for (_, captions), video_id in zip(entries, ids):
            for caption in captions:
                # rank among this check's videos only, whatever else the store holds
                hits = [h["id"] for h in tempmectl(args.tempmectl, args.server, "search", caption, "-k", str(args.k),
                                                    "--filter", f"{TAG}=1").get("hits", [])]
                queries += 1
                within += video_id in hits
                first += bool(hits) and hits[0] == video_id
        if not args.keep:
            for video_id in ids:
                tempmectl(args.tempmectl, args.server, "delete", video_id)
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{queries} captions over {len(ids)} videos: its video in the top {args.k} for {within} "
          f"({100 * within / queries:.1f}%), first for {first} ({100 * first / queries:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
