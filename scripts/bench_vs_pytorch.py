#!/usr/bin/env python3
"""Side-by-side encoder throughput: tempmed's Swift engine vs the PyTorch fp32 implementation of
the same model (scripts/bench_pytorch.py), on the same machine, in one run, same core count.

The two are run alternately `--rounds` times so machine drift hits both alike; the ratio of the
medians is printed per mode, at one core and at `--threads` cores. The Swift engine runs one
single-threaded encoder per core; PyTorch is given the same number of intra-op threads (its
best single-process setting). On a busy machine wall times drift; the CPU seconds per video
of the one-core runs (each process's own CPU clock) are the steadiest like-for-like figure.

Usage: python3 scripts/bench_vs_pytorch.py [--backbone b32] [--frames 12] [--threads 2] [--rounds 3]
Needs: a release build (swift build -c release) and torch (pip install torch).
"""
import argparse
import json
import statistics
import sys
from pathlib import Path

from scripts.json_command import run_json

ROOT = Path(__file__).resolve().parents[1]


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
    ours_1 = {m: [] for m in modes}
    ours_cpu = {m: [] for m in modes}
    torch_cpu = {m: [] for m in modes}
    torch_n = {m: [] for m in modes}
    torch_1 = {m: [] for m in modes}
    peaks = []
    common = ["--backbone", args.backbone, "--frames", str(args.frames), "--repeats", str(args.repeats), "--json"]
    for r in range(args.rounds):
        s = run_json([str(swift), "bench", "--threads", str(args.threads)] + common)
        s1 = run_json([str(swift), "bench", "--threads", "1"] + common)
        peaks.append(s["sgemm_peak_gflop_per_s"])
        t = run_json([sys.executable, str(ROOT / "scripts/bench_pytorch.py"), "--threads", str(args.threads)] + common)
        t1 = run_json([sys.executable, str(ROOT / "scripts/bench_pytorch.py"), "--threads", "1"] + common)
        for m in modes:
            ours[m].append(s["modes"][m]["videos_per_s"])
            ours_1[m].append(s1["modes"][m]["videos_per_s"])
            ours_cpu[m].append(s1["modes"][m]["cpu_seconds_per_video"])
            torch_cpu[m].append(t1["modes"][m]["cpu_seconds_per_video"])
            torch_n[m].append(t["modes"][m]["videos_per_s"])
            torch_1[m].append(t1["modes"][m]["videos_per_s"])
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)
    med = statistics.median
    result = {"backbone": args.backbone, "frames": args.frames, "threads": args.threads,
              "sgemm_peak_gflop_per_s": med(peaks), "modes": {}}
    print(f"{args.backbone}, {args.frames} frames, median of {args.rounds} rounds (videos/s)")
    print(f"mode     swift 1c  torch 1c  ratio   swift {args.threads}c  torch {args.threads}c  ratio   CPU s/video swift  torch  ratio")
    for m in modes:
        a1, b1, a, b = med(ours_1[m]), med(torch_1[m]), med(ours[m]), med(torch_n[m])
        sc, tc = med(ours_cpu[m]), med(torch_cpu[m])
        result["modes"][m] = {"swift_1_core": a1, "torch_1_thread": b1, "ratio_1_core": a1 / b1,
                              "swift_n_cores": a, "torch_n_threads": b, "ratio_n_cores": a / b,
                              "swift_cpu_s_per_video": sc, "torch_cpu_s_per_video": tc, "ratio_cpu": tc / sc}
        print(f"{m:8s} {a1:8.3f}  {b1:8.3f}  {a1 / b1:4.2f}x  {a:8.3f}  {b:8.3f}  {a / b:4.2f}x   "
              f"{sc:17.3f}  {tc:5.3f}  {tc / sc:4.2f}x")
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
