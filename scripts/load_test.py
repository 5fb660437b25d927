#!/usr/bin/env python3
"""Bounded load test of tempmed on loopback: N concurrent search clients plus one ingest stream.

Usage:
  scripts/load_test.py --tempmed .build/release/tempmed [--clients 4] [--duration 20]
  scripts/load_test.py --server 127.0.0.1:7700 --pid PID          (a daemon already running)

With --tempmed it starts the daemon itself (its default model unless --daemon-arg says otherwise, temporary data dir,
free port) and stops it with SIGTERM at the end. Prints search latency p50/p99, throughput,
errors and the daemon's RSS (from /proc) before and after. Needs grpcio, grpcio-tools, ffmpeg.
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from scripts.e2e_python_client import import_stubs

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

QUERIES = ["a red square", "people dancing at a party", "a cat playing with a ball", "colour bars",
           "a car driving on a highway at night", "someone cooking pasta", "a test pattern", "waves on a beach"]


def rss_kib(pid):
    """Resident set size of a process in KiB, from /proc/PID/status."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def start_daemon(binary, work, extra):
    data = os.path.join(work, "data")
    port_file = os.path.join(work, "port")
    log = open(os.path.join(work, "daemon.log"), "w")
    args = [binary, "--data-dir", data, "--listen", "127.0.0.1:0", "--set", "http.listen=127.0.0.1:0", "--port-file", port_file] + extra
    vocab = os.path.join(REPO, "vocab", "bpe_simple_vocab_16e6.txt")
    if os.path.exists(vocab):
        args += ["--vocab", vocab]
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 300
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"tempmed exited with {process.returncode}; see {log.name}")
        if os.path.exists(port_file) and open(port_file).read().strip():
            return process, f"127.0.0.1:{open(port_file).read().split()[0]}"
        time.sleep(0.1)
    process.kill()
    raise SystemExit("tempmed did not become ready within 300 s")


def make_video(path):
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=25",
                    "-pix_fmt", "yuv420p", path], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", help="address of a running daemon")
    parser.add_argument("--pid", type=int, help="pid of that daemon (for RSS)")
    parser.add_argument("--tempmed", help="start this tempmed binary instead")
    parser.add_argument("--daemon-arg", action="append", default=[], help="extra flag for the started daemon")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--seed-videos", type=int, default=8, help="videos ingested before measuring")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--ingest-streams", type=int, default=1, help="concurrent ingest streams (0: searches alone)")
    parser.add_argument("--video", help="video used by the ingest stream (default: generated with ffmpeg)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.server and not args.tempmed:
        parser.error("give --server (and --pid) or --tempmed")

    work = tempfile.mkdtemp(prefix="tempme-load-")
    daemon = None
    try:
        if args.tempmed:
            daemon, server = start_daemon(args.tempmed, work, args.daemon_arg)
            pid = daemon.pid
        else:
            server, pid = args.server, args.pid
        video = args.video or os.path.join(work, "load.mp4")
        if not args.video:
            make_video(video)
        video_bytes = open(video, "rb").read()

        stubs = os.path.join(work, "stubs")
        os.makedirs(stubs)
        generated = import_stubs(stubs)
        import grpc
        pb, rpc = generated.pb, generated.rpc

        channel = grpc.insecure_channel(server)
        grpc.channel_ready_future(channel).result(timeout=30)
        stub = rpc.TempMeStub(channel)

        def ingest(vid):
            def requests():
                yield pb.IngestRequest(header=pb.IngestHeader(id=vid, replace=True, filename="load.mp4"))
                for offset in range(0, len(video_bytes), 256 << 10):
                    yield pb.IngestRequest(chunk=video_bytes[offset:offset + (256 << 10)])
            return stub.Ingest(requests(), timeout=300)

        for i in range(args.seed_videos):
            ingest(f"seed-{i}")
        rss_before = rss_kib(pid) if pid else -1

        stop = threading.Event()
        latencies, errors, lock = [], [], threading.Lock()
        ingest_stats = {"done": 0, "errors": 0, "encode_ms": []}

        def searcher(seed):
            rng = random.Random(seed)
            local_channel = grpc.insecure_channel(server)
            local = rpc.TempMeStub(local_channel)
            while not stop.is_set():
                start = time.perf_counter()
                try:
                    local.Search(pb.SearchRequest(text=rng.choice(QUERIES), k=args.k), timeout=30)
                    elapsed = (time.perf_counter() - start) * 1000
                    with lock:
                        latencies.append(elapsed)
                except grpc.RpcError as error:
                    with lock:
                        errors.append(f"search {error.code().name}: {error.details()}")

        def ingester(stream):
            i = 0
            while not stop.is_set():
                try:
                    response = ingest(f"load-{stream}-{i}")
                    ingest_stats["done"] += 1
                    ingest_stats["encode_ms"].append(response.encode_ms)
                except grpc.RpcError as error:
                    ingest_stats["errors"] += 1
                    with lock:
                        errors.append(f"ingest {error.code().name}: {error.details()}")
                i += 1

        threads = [threading.Thread(target=searcher, args=(n,)) for n in range(args.clients)]
        threads += [threading.Thread(target=ingester, args=(n,)) for n in range(args.ingest_streams)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        time.sleep(args.duration)
        stop.set()
        for t in threads:
            t.join(timeout=300)
        wall = time.perf_counter() - started
        rss_after = rss_kib(pid) if pid else -1
        stats = stub.Stats(pb.StatsRequest(), timeout=30)
        info = stub.Info(pb.InfoRequest(), timeout=30)

        result = {
            "backbone": info.backbone, "mode": pb.EncoderMode.Name(info.mode), "frames": info.frames,
            "clients": args.clients, "ingest_streams": args.ingest_streams, "duration_s": round(wall, 2), "k": args.k,
            "videos_stored": stats.video_count,
            "searches": len(latencies), "searches_per_s": round(len(latencies) / wall, 1),
            "search_p50_ms": round(percentile(latencies, 50), 2), "search_p99_ms": round(percentile(latencies, 99), 2),
            "search_max_ms": round(max(latencies), 2) if latencies else None,
            "ingests": ingest_stats["done"], "ingests_per_s": round(ingest_stats["done"] / wall, 2),
            "ingest_encode_ms_mean": round(sum(ingest_stats["encode_ms"]) / max(1, len(ingest_stats["encode_ms"])), 1),
            "errors": len(errors), "error_samples": errors[:5],
            "rss_before_mib": round(rss_before / 1024, 1), "rss_after_mib": round(rss_after / 1024, 1),
        }
        if args.json:
            print(json.dumps(result))
        else:
            for key, value in result.items():
                print(f"{key:24s} {value}")
        return 0 if not errors else 1
    finally:
        if daemon is not None:
            daemon.send_signal(signal.SIGTERM)
            try:
                code = daemon.wait(timeout=60)
                print(f"daemon exited with {code}", file=sys.stderr)
            except subprocess.TimeoutExpired:
                daemon.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
