#!/usr/bin/env python3
"""A tempme.v1 client in Python, generated from Protos/ at run time: ingest, search, get, delete.

Usage: scripts/e2e_python_client.py --server 127.0.0.1:7700 VIDEO [VIDEO ...]

Generates the protobuf and gRPC stubs with grpcio-tools into a temporary directory (nothing is
committed), then talks to a running tempmed. Prints one JSON summary line; exits 0 when every
check passed, 1 otherwise. Needs: pip install grpcio grpcio-tools.
"""
import argparse
import importlib
import json
import os
import sys
import tempfile
from types import SimpleNamespace

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROTOS = os.path.join(REPO, "Protos")


def generate_stubs(out_dir):
    """Runs grpc_tools.protoc on Protos/tempme/v1 (as package tempme.v1) and on the health proto.

    health.proto is generated as top-level modules (health_pb2, health_pb2_grpc): a generated
    `grpc/` package would shadow the real grpc package on sys.path.
    """
    from grpc_tools import protoc
    import grpc_tools

    include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    health_dir = os.path.join(PROTOS, "grpc", "health", "v1")
    runs = [
        [f"-I{PROTOS}", "tempme/v1/tempme.proto"],
        [f"-I{health_dir}", "health.proto"],
    ]
    for run in runs:
        args = ["protoc", f"-I{include}", f"--python_out={out_dir}", f"--grpc_python_out={out_dir}"] + run
        if protoc.main(args) != 0:
            raise SystemExit(f"protoc failed to generate the Python stubs for {run[-1]}")
    for package in ("tempme", "tempme/v1"):
        open(os.path.join(out_dir, package, "__init__.py"), "a").close()


def import_stubs(out_dir):
    """Generates the stubs into out_dir and imports them: a namespace of pb, rpc (tempme.v1) and health, health_rpc.

    Generated modules import each other by absolute name (tempme.v1.tempme_pb2), so out_dir joins sys.path, after
    the real grpc package is imported: the one path edit in the project, for code generated at run time.
    """
    generate_stubs(out_dir)
    import grpc  # noqa: F401  the real package, before the generated modules join sys.path

    sys.path.insert(0, out_dir)
    names = {"pb": "tempme.v1.tempme_pb2", "rpc": "tempme.v1.tempme_pb2_grpc",
             "health": "health_pb2", "health_rpc": "health_pb2_grpc"}
    return SimpleNamespace(**{key: importlib.import_module(module) for key, module in names.items()})


def chunks(header, path, size=64 * 1024, pb=None):
    """The Ingest request stream: the header, then the file in chunks."""
    yield pb.IngestRequest(header=header)
    with open(path, "rb") as f:
        while True:
            data = f.read(size)
            if not data:
                return
            yield pb.IngestRequest(chunk=data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="127.0.0.1:7700")
    parser.add_argument("--token", default=os.environ.get("TEMPME_TOKEN"))
    parser.add_argument("videos", nargs="+")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tempme-py-") as out_dir:
        stubs = import_stubs(out_dir)
        import grpc

        pb, rpc = stubs.pb, stubs.rpc
        metadata = [("authorization", f"Bearer {args.token}")] if args.token else None

        channel = grpc.insecure_channel(args.server)
        grpc.channel_ready_future(channel).result(timeout=10)
        stub = rpc.TempMeStub(channel)
        checks = {}

        ids = []
        for path in args.videos:
            vid = "py-" + os.path.splitext(os.path.basename(path))[0]
            header = pb.IngestHeader(id=vid, metadata={"client": "python"}, filename=os.path.basename(path))
            response = stub.Ingest(chunks(header, path, pb=pb), timeout=60, metadata=metadata)
            checks[f"ingest {vid}"] = response.id == vid and len(response.sampled_frames) > 0 and response.cost.gflops > 0
            ids.append(vid)

        result = stub.Search(pb.SearchRequest(text="a colourful test pattern", k=10, metadata_filter={"client": "python"}),
                             timeout=30, metadata=metadata)
        checks["search finds every python video"] = sorted(h.id for h in result.hits) == sorted(ids)
        checks["scores best first"] = all(a.score >= b.score for a, b in zip(result.hits, result.hits[1:]))

        record = stub.Get(pb.GetRequest(id=ids[0], kind=pb.KIND_VIDEO), timeout=30, metadata=metadata).record
        checks["get returns metadata"] = record.metadata.get("client") == "python"

        deleted = stub.Delete(pb.DeleteRequest(id=ids[0], kind=pb.KIND_VIDEO), timeout=30, metadata=metadata).deleted
        checks["delete"] = deleted
        try:
            stub.Get(pb.GetRequest(id=ids[0], kind=pb.KIND_VIDEO), timeout=30, metadata=metadata)
            checks["get after delete is NOT_FOUND"] = False
        except grpc.RpcError as error:
            checks["get after delete is NOT_FOUND"] = error.code() == grpc.StatusCode.NOT_FOUND

        try:
            stub.Search(pb.SearchRequest(text="", k=5), timeout=30, metadata=metadata)
            checks["empty text is INVALID_ARGUMENT"] = False
        except grpc.RpcError as error:
            checks["empty text is INVALID_ARGUMENT"] = error.code() == grpc.StatusCode.INVALID_ARGUMENT

        info = stub.Info(pb.InfoRequest(), timeout=30, metadata=metadata)
        checks["info"] = info.frames > 0 and len(info.tokens_per_layer) == 12

        health, health_rpc = stubs.health, stubs.health_rpc
        status = health_rpc.HealthStub(channel).Check(health.HealthCheckRequest(), timeout=10).status
        checks["health SERVING"] = status == health.HealthCheckResponse.SERVING

        ok = all(checks.values())
        print(json.dumps({"ok": ok, "checks": checks, "hits": [[h.id, round(h.score, 4)] for h in result.hits]}))
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
