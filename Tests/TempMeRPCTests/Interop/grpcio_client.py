"""Calls the Swift echo server with Python's grpcio, an independent gRPC implementation.

Usage: python3 grpcio_client.py TARGET
Prints one line per check ("ok NAME" or "FAIL NAME: why") and exits non-zero on any failure.
Needs: pip install grpcio
"""
import sys

import grpc


def main(target: str) -> int:
    failures = 0

    def check(name, condition, why=""):
        nonlocal failures
        print(f"ok {name}" if condition else f"FAIL {name}: {why}", flush=True)
        failures += 0 if condition else 1

    def status_of(call):
        try:
            call()
            return grpc.StatusCode.OK, ""
        except grpc.RpcError as error:
            return error.code(), error.details()

    with grpc.insecure_channel(target) as channel:
        unary = channel.unary_unary("/test.Echo/Unary")
        payload = bytes(range(256)) * 40
        check("unary", unary(payload, timeout=10) == payload)

        chunks = [b"x" * (i % 97) for i in range(1000)]
        total = sum(len(c) for c in chunks)
        answer = channel.stream_unary("/test.Echo/Sum")(iter(chunks), timeout=10)
        check("client_streaming", answer == f"1000 {total}".encode(), answer)

        counted = list(channel.unary_stream("/test.Echo/Count")(b"5", timeout=10))
        check("server_streaming", counted == [b"0", b"1", b"2", b"3", b"4"], counted)

        code, details = status_of(lambda: channel.unary_unary("/test.Echo/Fail")(b"5", timeout=10))
        check("error_status", code == grpc.StatusCode.NOT_FOUND and "NOT_FOUND" in details, (code, details))

        code, _ = status_of(lambda: channel.unary_unary("/test.Echo/Nope")(b"", timeout=10))
        check("unimplemented", code == grpc.StatusCode.UNIMPLEMENTED, code)

        code, _ = status_of(lambda: channel.unary_unary("/test.Echo/WaitForCancel")(b"", timeout=0.2))
        check("deadline", code == grpc.StatusCode.DEADLINE_EXCEEDED, code)

        health = channel.unary_unary("/grpc.health.v1.Health/Check")(b"", timeout=10)
        check("health_check", health == b"\x08\x02", health)

    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
