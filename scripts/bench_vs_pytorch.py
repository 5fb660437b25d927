#!/usr/bin/env python3
"""Side-by-side encoder throughput: tempmed's Swift engine vs the PyTorch fp32 implementation of
the same model (scripts/bench_pytorch.py), on the same machine, in one run, same core count.

The two are run alternately `--rounds` times so machine drift hits both alike; the ratio of the
medians is printed per mode. The Swift engine uses one single-threaded encoder per core;
PyTorch is given the same number of intra-op threads (its best single-process setting), and its
one-thread rate times the core count is printed too as an upper bound for one process per core.

Usage: python3 scripts/bench_vs_pytorch.py [--backbone b32] [--frames 12] [--threads 2] [--rounds 3]
Needs: a release build (swift build -c release) and torch (pip install torch).
"""
import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backbone", default="b32")
    ap.add_argument("--frames", type=int, default=12)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    swift = ROOT / ".build/release/tempmectl"
    if not swift.exists():
        sys.exit("build first: swift build -c release")
    modes = ["lora", "tome", "tempme"]
    ours = {m: [] for m in modes}
    torch_n = {m: [] for m in modes}
    torch_1 = {m: [] for m in modes}
    peaks = []
    common = ["--backbone", args.backbone, "--frames", str(args.frames), "--repeats", str(args.repeats), "--json"]
    for r in range(args.rounds):
        s = run_json([str(swift), "bench", "--threads", str(args.threads)] + common)
        peaks.append(s["sgemm_peak_gflop_per_s"])
        t = run_json([sys.executable, str(ROOT / "scripts/bench_pytorch.py"), "--threads", str(args.threads)] + common)
        t1 = run_json([sys.executable, str(ROOT / "scripts/bench_pytorch.py"), "--threads", "1"] + common)
        for m in modes:
            ours[m].append(s["modes"][m]["videos_per_s"])
            torch_n[m].append(t["modes"][m]["videos_per_s"] if "modes" in t else t[m]["videos_per_s"])
            torch_1[m].append(t1["modes"][m]["videos_per_s"] if "modes" in t1 else t1[m]["videos_per_s"])
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)
    med = statistics.median
    result = {"backbone": args.backbone, "frames": args.frames, "threads": args.threads,
              "sgemm_peak_gflop_per_s": med(peaks), "modes": {}}
    print(f"{args.backbone}, {args.frames} frames, {args.threads} cores, median of {args.rounds} rounds")
    print("mode     swift v/s  torch v/s  ratio   torch 1-thread x cores  ratio")
    for m in modes:
        a, b, c = med(ours[m]), med(torch_n[m]), med(torch_1[m]) * args.threads
        result["modes"][m] = {"swift_videos_per_s": a, "torch_videos_per_s": b, "ratio": a / b,
                              "torch_single_thread_times_cores": c, "ratio_vs_ideal_torch": a / c}
        print(f"{m:8s} {a:9.3f}  {b:9.3f}  {a / b:5.2f}x  {c:22.3f}  {a / c:5.2f}x")
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
