"""Round trip and on-disk layout of the pure-Python safetensors writer/reader."""

import json
import struct

import numpy as np
import pytest

from tempme_ref import load_safetensors, make_tensor, save_safetensors


def test_round_trip_and_header_layout(tmp_path):
    tensors = {
        "visual.proj": make_tensor("visual.proj", (64, 32)),
        "logit_scale": make_tensor("logit_scale", ()),
        "ids": np.arange(6, dtype=np.int64).reshape(2, 3),
    }
    path = tmp_path / "w.safetensors"
    save_safetensors(path, tensors, metadata={"format": "pt"})
    raw = path.read_bytes()
    (hlen,) = struct.unpack("<Q", raw[:8])
    assert hlen % 8 == 0
    header = json.loads(raw[8:8 + hlen])
    assert header["__metadata__"] == {"format": "pt"}
    assert header["visual.proj"]["dtype"] == "F32" and header["visual.proj"]["shape"] == [64, 32]
    assert header["logit_scale"]["shape"] == []
    assert len(raw) == 8 + hlen + max(v["data_offsets"][1] for k, v in header.items() if k != "__metadata__")
    back = load_safetensors(path)
    assert set(back) == set(tensors)
    for name, arr in tensors.items():
        assert back[name].dtype == arr.dtype and back[name].shape == arr.shape
        np.testing.assert_array_equal(back[name], arr)


def test_truncated_file_is_rejected(tmp_path):
    path = tmp_path / "bad.safetensors"
    path.write_bytes(struct.pack("<Q", 1000) + b"{}")
    with pytest.raises(ValueError):
        load_safetensors(path)
