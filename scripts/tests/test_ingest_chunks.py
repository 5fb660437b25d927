"""Upload chunk sizes from a grpcio client: tiny chunks get a prompt, documented refusal, never a deadline.

Every Ingest chunk but the last must hold at least 1 KiB (Protos/tempme/v1/tempme.proto). Streams a
~200 KB synthesized clip to the built `tempmed` (default demo model) in 1-byte chunks, just under and at
the minimum, and in 64 KiB chunks. Skips when ffmpeg, grpcio or the Swift build are missing.
"""
from __future__ import annotations

import shutil
import subprocess

import pytest

from scripts.tests.tempmed_process import running_tempmed

MIN_CHUNK = 1024
DEADLINE_SECONDS = 20  # the deadline of the original report: 1-byte chunks used to exhaust it


@pytest.fixture(scope="module")
def stubs(tmp_path_factory):
    """The generated tempme.v1 Python modules (pb, rpc) and grpc."""
    import grpc

    from scripts.e2e_python_client import import_stubs

    generated = import_stubs(str(tmp_path_factory.mktemp("stubs")))
    return grpc, generated.pb, generated.rpc


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> bytes:
    """About 200 KB of H.264 (a moving test pattern, 6 s)."""
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is not installed: scripts/bootstrap.sh installs it")
    path = tmp_path_factory.mktemp("clip") / "clip.mp4"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "6",
                    "-c:v", "libx264", "-pix_fmt", "yuv420p", "-b:v", "300k", str(path)], check=True)
    data = path.read_bytes()
    assert 150_000 < len(data) < 300_000, len(data)
    return data


@pytest.fixture(scope="module")
def stub(stubs, tmp_path_factory):
    grpc, _, rpc = stubs
    with running_tempmed(tmp_path_factory.mktemp("daemon")) as (address, _):
        with grpc.insecure_channel(address) as channel:
            yield rpc.TempMeStub(channel)


def pieces(data: bytes, size: int) -> list[bytes]:
    """`data` cut into `size`-byte chunks (the last one shorter)."""
    return [data[i:i + size] for i in range(0, len(data), size)]


def upload(stubs, stub, video_id: str, chunks: list[bytes]):
    """Ingest `chunks` as one video; (status code name, details or the response)."""
    grpc, pb, _ = stubs

    def requests():
        yield pb.IngestRequest(header=pb.IngestHeader(id=video_id))
        for chunk in chunks:
            yield pb.IngestRequest(chunk=chunk)

    try:
        return "OK", stub.Ingest(requests(), timeout=DEADLINE_SECONDS)
    except grpc.RpcError as error:
        return error.code().name, error.details()


def test_one_byte_chunks_are_refused_at_once_naming_the_minimum(stubs, stub, clip):
    code, details = upload(stubs, stub, "tiny-chunks", pieces(clip, 1))
    assert code != "DEADLINE_EXCEEDED"
    assert code == "INVALID_ARGUMENT", (code, details)
    assert f"at least {MIN_CHUNK} bytes" in details


def test_chunks_just_under_the_minimum_are_refused(stubs, stub, clip):
    code, details = upload(stubs, stub, "under-minimum", pieces(clip, MIN_CHUNK - 1))
    assert code == "INVALID_ARGUMENT", (code, details)
    assert f"at least {MIN_CHUNK} bytes" in details


@pytest.mark.parametrize("chunk", [MIN_CHUNK, 64 * 1024])
def test_chunks_of_the_minimum_and_above_work(stubs, stub, clip, chunk):
    code, response = upload(stubs, stub, f"chunks-{chunk}", pieces(clip, chunk))
    assert code == "OK", response
    assert response.id == f"chunks-{chunk}"


def test_the_last_chunk_may_be_small(stubs, stub, clip):
    code, response = upload(stubs, stub, "short-tail", [clip[:-10], clip[-10:]])
    assert code == "OK", response
