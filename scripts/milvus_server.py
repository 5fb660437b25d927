#!/usr/bin/env python3
"""Runs an embedded Milvus standalone (PyPI's `milvus` package) on loopback until SIGTERM or SIGINT.

Usage: python -m scripts.milvus_server [--port 19530] [--data-dir DIR] [--exit-with-parent]

Prints one line `ready 127.0.0.1:PORT` on stdout once Milvus answers its health check, then waits.
The data directory survives a stop, so a second start with the same --data-dir brings the same
collections back (tests stop and restart Milvus under load this way). For trying the Milvus
backend on one machine; a production deployment runs a Milvus cluster (see docs/milvus.md).
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import threading

from milvus import MilvusServer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=19530, help="gRPC port of Milvus's proxy (default 19530)")
    parser.add_argument("--data-dir", default="milvus-data", help="where Milvus keeps its data (default ./milvus-data)")
    parser.add_argument("--exit-with-parent", action="store_true",
                        help="when the process that started this one exits, stop Milvus and delete --data-dir (tests)")
    args = parser.parse_args()

    server = MilvusServer()
    server.set_base_dir(args.data_dir)
    server.config.set("proxy_port", args.port)
    stop = threading.Event()
    # A parent may start us with these signals blocked (Foundation's Process passes on the mask of the
    # thread that spawned it); unblock them, for this process and for Milvus, which inherits the mask.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    orphaned = threading.Event()
    if args.exit_with_parent:
        threading.Thread(target=_watch_parent, args=(os.getppid(), stop, orphaned), daemon=True).start()
    try:
        server.start()
    except Exception as error:  # the package raises plain exceptions with the reason
        print(f"milvus_server: Milvus did not start: {error}", file=sys.stderr)
        server.stop()
        return 1
    print(f"ready 127.0.0.1:{args.port}", flush=True)
    stop.wait()
    server.stop()
    if orphaned.is_set():
        shutil.rmtree(args.data_dir, ignore_errors=True)
    return 0


def _watch_parent(parent: int, stop: threading.Event, orphaned: threading.Event) -> None:
    """Sets `orphaned` and `stop` once `parent` is gone (this process is re-parented), checking every second."""
    while not stop.wait(1.0):
        if os.getppid() != parent:
            orphaned.set()
            stop.set()


if __name__ == "__main__":
    sys.exit(main())
