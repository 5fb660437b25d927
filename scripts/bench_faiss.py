#!/usr/bin/env python3
"""Side-by-side benchmark: TempMeStore (tempme-store-tool bench) against faiss-cpu IndexFlatIP.

Runs the Swift tool, which generates N synthetic unit vectors, stores them in a fresh store (timing
synced inserts and reopen/rebuild), times top-10 search for single queries and a batch, and exports
the same vectors and queries as .npy. Then runs faiss IndexFlatIP with the same thread count on the
same data and prints both timings and the ratio (faiss time / store time; above 1 means the store is
faster), plus how often the two top-10 sets agree.

    pip install faiss-cpu numpy
    swift build -c release --product tempme-store-tool
    python3 scripts/bench_faiss.py --count 1000000 --dimension 512 --threads 2
"""
import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time

import faiss
import numpy as np


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def agreement(ours, theirs):
    """Fraction of queries whose top-k id sets are equal."""
    return float(np.mean([set(a) == set(b) for a, b in zip(ours, theirs)]))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--dimension", type=int, default=512)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--tool", default=os.path.join(root, ".build", "release", "tempme-store-tool"))
    parser.add_argument("--workdir", default=None, help="scratch directory (default: a fresh temp dir, removed after)")
    args = parser.parse_args()

    workdir = args.workdir or tempfile.mkdtemp(prefix="tempme-bench-")
    try:
        export = os.path.join(workdir, "export")
        command = [args.tool, "bench", "--directory", os.path.join(workdir, "db"), "--count", str(args.count),
                   "--dimension", str(args.dimension), "--threads", str(args.threads), "--queries", str(args.queries),
                   "--batch", str(args.batch), "--export", export]
        print("$", " ".join(command), flush=True)
        swift = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)

        base = np.load(os.path.join(export, "base.npy"))
        queries = np.load(os.path.join(export, "queries.npy"))
        swift_single = np.load(os.path.join(export, "swift_single.npy"))
        swift_batch = np.load(os.path.join(export, "swift_batch.npy"))
        shutil.rmtree(os.path.join(workdir, "db"), ignore_errors=True)

        faiss.omp_set_num_threads(args.threads)
        k = swift["k"]
        index = faiss.IndexFlatIP(args.dimension)
        add_s, _ = timed(lambda: index.add(base))
        del base
        for query in queries[:2]:
            index.search(query[None, :], k)
        single_times, single_ids = [], []
        for query in queries[: args.queries]:
            seconds, (_, ids) = timed(lambda: index.search(query[None, :], k))
            single_times.append(seconds)
            single_ids.append(ids[0])
        batch_times = []
        for _ in range(3):
            seconds, (_, batch_ids) = timed(lambda: index.search(queries[: args.batch], k))
            batch_times.append(seconds)
        faiss_single_ms = float(np.median(single_times) * 1000)
        faiss_batch_ms = float(min(batch_times) * 1000)

        print(f"data: {args.count} x {args.dimension} float32, k = {k}, threads = {args.threads}")
        print(f"{'measure':34} {'TempMeStore':>12} {'faiss':>12} {'faiss/store':>12}")
        rows = [
            ("top-10, one query (median ms)", swift["single_query_ms_median"], faiss_single_ms),
            (f"top-10, batch of {args.batch} (best ms)", swift["batch_ms_best"], faiss_batch_ms),
        ]
        for name, ours, theirs in rows:
            print(f"{name:34} {ours:12.2f} {theirs:12.2f} {theirs / ours:12.2f}")
        print(f"top-10 sets equal to faiss: single {agreement(swift_single, single_ids):.2f}, "
              f"batch {agreement(swift_batch, batch_ids):.2f}")
        print(f"reopen + rebuild matrix: {swift['reopen_rebuild_s']:.2f} s wall, {swift['reopen_rebuild_cpu_s']:.2f} s CPU "
              f"(faiss IndexFlatIP.add of the same matrix from RAM: {add_s:.2f} s)")
        print(f"synced inserts/s: serial {swift['insert_serial_records_per_s']:.0f}, "
              f"16 concurrent writers {swift['insert_concurrent16_records_per_s']:.0f}, "
              f"batches of 1000 {swift['insert_bulk1000_records_per_s']:.0f}")
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
