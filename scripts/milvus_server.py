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
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading

from milvus import MilvusServer, MilvusServerConfig

PORTS_FILE = "ports.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=19530, help="gRPC port of Milvus's proxy (default 19530)")
    parser.add_argument("--data-dir", default="milvus-data", help="where Milvus keeps its data (default ./milvus-data)")
    parser.add_argument("--exit-with-parent", action="store_true",
                        help="when the process that started this one exits, stop Milvus and delete --data-dir (tests)")
    args = parser.parse_args()

    server = MilvusServer(config=_ReusingAddressConfig())
    server.set_base_dir(args.data_dir)
    server.config.update(proxy_port=args.port)
    stop = threading.Event()
    # A parent may start us with these signals blocked (Foundation's Process passes on the mask of the
    # thread that spawned it); unblock them, for this process and for Milvus, which inherits the mask.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    orphaned = threading.Event()
    if args.exit_with_parent:
        threading.Thread(target=_watch_parent, args=(os.getppid(), stop, orphaned), daemon=True).start()
    # The package picks free ports by probing, then Milvus binds them: two starting at once can pick the
    # same ones. One start at a time per machine (a file lock, released once this Milvus holds its ports).
    with open(os.path.join(tempfile.gettempdir(), "tempmed-milvus-start.lock"), "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            _pin_ports(server, args.data_dir)
            server.start()
        except Exception as error:  # the package raises plain exceptions with the reason
            print(f"milvus_server: Milvus did not start: {error}", file=sys.stderr)
            server.stop()
            return 1
        _save_ports(server, args.data_dir)
    print(f"ready 127.0.0.1:{args.port}", flush=True)
    stop.wait()
    _stop_gracefully(server)
    if orphaned.is_set():
        shutil.rmtree(args.data_dir, ignore_errors=True)
    return 0


class _ReusingAddressConfig(MilvusServerConfig):
    """The package's configuration, probing ports the way Milvus binds them (SO_REUSEADDR): a port whose
    old connections linger in TIME_WAIT after a stop is free to Milvus, so it must be free to the probe too,
    or a restart would silently move a component to the next port."""

    def try_bind_port(self, port):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
            return sock
        except OSError:
            sock.close()
            return None


def _pin_ports(server: MilvusServer, data_dir: str) -> None:
    """Gives this Milvus exactly the ports it had before on this data directory (Milvus's components find
    each other through sessions kept in etcd, and a stopped component's session outlives it for a while, so a
    restart on other ports would be dialled at the old ones), or fresh ones. A saved port that is taken fails
    the start instead of moving. Its embedded etcd gets ports of its own too: by default it takes the fixed
    peer port 2380, so a second Milvus on the machine would fail."""
    os.makedirs(data_dir, exist_ok=True)
    saved_file = os.path.join(data_dir, PORTS_FILE)
    if os.path.exists(saved_file):
        with open(saved_file, encoding="utf-8") as file:
            saved = json.load(file)
        ports = {key: port for key, port in saved["components"].items() if key != "proxy_port"}
        server.webservice_port = saved["webservice"]
        peer = saved["etcd_peer"]
    else:
        ports = {"etcd_port": _free_port()}
        peer = _free_port()
    server.config.update(**ports)
    client = ports["etcd_port"]
    etcd_file = os.path.join(data_dir, "etcd-embed.yaml")
    with open(etcd_file, "w", encoding="utf-8") as file:
        file.write(f"name: default\n"
                   f"listen-client-urls: http://127.0.0.1:{client}\nadvertise-client-urls: http://127.0.0.1:{client}\n"
                   f"listen-peer-urls: http://127.0.0.1:{peer}\ninitial-advertise-peer-urls: http://127.0.0.1:{peer}\n"
                   f"initial-cluster: default=http://127.0.0.1:{peer}\n")
    anchor = "  use:\n    embed: true"
    if anchor not in server.config.template_text:
        raise RuntimeError("the milvus package's config template changed: cannot point its embedded etcd at its own ports")
    server.config.template_text = server.config.template_text.replace(anchor, f"  config:\n    path: {etcd_file}\n{anchor}")
    server.etcd_peer_port = peer


def _stop_gracefully(server: MilvusServer) -> None:
    """Stops Milvus with SIGTERM and lets it leave its sessions cleanly (the package's own stop kills it after
    one second); kills it only if it has not exited in 30 s."""
    if server.server_proc is not None:
        server.server_proc.terminate()
        try:
            server.server_proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
    server.stop()


def _save_ports(server: MilvusServer, data_dir: str) -> None:
    """Records the ports this Milvus started on, for the next start on the same data directory."""
    components = {key: server.config.get(key) for key in server.config.configurable_items if key.endswith("_port")}
    with open(os.path.join(data_dir, PORTS_FILE), "w", encoding="utf-8") as file:
        json.dump({"components": components, "webservice": server.webservice_port, "etcd_peer": server.etcd_peer_port}, file)


def _free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _watch_parent(parent: int, stop: threading.Event, orphaned: threading.Event) -> None:
    """Sets `orphaned` and `stop` once `parent` is gone (this process is re-parented), checking every second."""
    while not stop.wait(1.0):
        if os.getppid() != parent:
            orphaned.set()
            stop.set()


if __name__ == "__main__":
    sys.exit(main())
