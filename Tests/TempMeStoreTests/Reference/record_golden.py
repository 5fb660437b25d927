#!/usr/bin/env python3
"""Independent encoder of TempMeStore's record format v1 (see RecordCodec.swift), written from the
documented layout only. Prints record_golden.json, which RecordCodecTests compares byte for byte.

    python3 Tests/TempMeStoreTests/Reference/record_golden.py > Tests/TempMeStoreTests/Reference/record_golden.json
"""
import json
import struct


def string32(text):
    data = text.encode("utf-8")
    return struct.pack("<I", len(data)) + data


def header(kind, fingerprint, embedding, ingested_at, metadata):
    fp = fingerprint.encode("utf-8")
    out = struct.pack("<BBH", 1, kind, len(fp)) + fp
    out += struct.pack("<I", len(embedding)) + struct.pack(f"<{len(embedding)}f", *embedding)
    out += struct.pack("<d", ingested_at)
    pairs = sorted(metadata.items(), key=lambda kv: kv[0].encode("utf-8"))
    out += struct.pack("<I", len(pairs))
    for key, value in pairs:
        out += string32(key) + string32(value)
    return out


video = dict(fingerprint="fp-\u03b1", embedding=[1.0, -0.5, 0.25, 3.0], ingested_at=123456.789,
             metadata={"b": "2", "a": "1", "\u00e9t\u00e9": "summer"}, duration=12.5, fps=29.97,
             origin="/videos/a.mp4", frames=[0, 15, 30])
video_bytes = header(1, video["fingerprint"], video["embedding"], video["ingested_at"], video["metadata"])
video_bytes += struct.pack("<dd", video["duration"], video["fps"]) + string32(video["origin"])
video_bytes += struct.pack("<I", len(video["frames"])) + struct.pack(f"<{len(video['frames'])}I", *video["frames"])

text = dict(fingerprint="fp-\u03b1", embedding=[0.5, 0.5, 0.5, 0.5], ingested_at=-1.5, metadata={},
            text="a dog runs \u00fc")
text_bytes = header(2, text["fingerprint"], text["embedding"], text["ingested_at"], text["metadata"])
text_bytes += string32(text["text"])

print(json.dumps({"video": {"record": video, "hex": video_bytes.hex()},
                  "text": {"record": text, "hex": text_bytes.hex()}}, indent=1, ensure_ascii=False))
