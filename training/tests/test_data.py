"""Manifests, spec frame sampling, the synthetic generator and the tokenizer."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from training.data import DataError, FrameCache, read_jsonl, read_msrvtt, sample_indices
from training.synthetic import all_specs, render, reversed_in_time, twin_pairs

ROOT = Path(__file__).resolve().parents[2]


def test_sample_indices_follow_the_spec():
    assert sample_indices(24, 8.0, 12) == [int(np.floor(x)) for x in np.linspace(0, 23, 12)]  # fewer candidates
    assert sample_indices(360, 30.0, 12) == list(range(0, 360, 30))  # exactly F candidates
    many = sample_indices(900, 30.0, 12)
    assert many[0] == 0 and many[-1] == 870 and len(many) == 12
    assert sample_indices(10, 0.4, 3) == [0, 4, 9]  # stride never below 1


def test_jsonl_manifest(tmp_path):
    (tmp_path / "m.jsonl").write_text('{"video": "a.mp4", "captions": ["x", "y"]}\n\n'
                                      '{"video": "/abs/b.mp4", "caption": "z"}\n')
    items = read_jsonl(tmp_path / "m.jsonl")
    assert items[0].video == tmp_path / "a.mp4" and items[0].captions == ("x", "y")
    assert items[1].video == Path("/abs/b.mp4") and items[1].captions == ("z",)
    (tmp_path / "bad.jsonl").write_text('{"video": "a.mp4"}\n')
    with pytest.raises(DataError, match="bad.jsonl:1"):
        read_jsonl(tmp_path / "bad.jsonl")


def test_msrvtt_layout(tmp_path):
    (tmp_path / "MSRVTT_train.9k.csv").write_text("video_id\nvideo0\nvideo1\n")
    (tmp_path / "MSRVTT_data.json").write_text(json.dumps({"sentences": [
        {"video_id": "video0", "caption": "a"}, {"video_id": "video1", "caption": "b"},
        {"video_id": "video0", "caption": "c"}]}))
    (tmp_path / "MSRVTT_JSFUSION_test.csv").write_text("key,vid_key,video_id,sentence\nret0,msr7020,video7020,a man\n")
    train = read_msrvtt(tmp_path / "MSRVTT_train.9k.csv", tmp_path / "v", tmp_path / "MSRVTT_data.json")
    assert [(i.video.name, i.captions) for i in train] == [("video0.mp4", ("a", "c")), ("video1.mp4", ("b",))]
    test = read_msrvtt(tmp_path / "MSRVTT_JSFUSION_test.csv", tmp_path / "v")
    assert test[0].video == tmp_path / "v" / "video7020.mp4" and test[0].captions == ("a man",)
    with pytest.raises(DataError, match="MSRVTT_data.json"):
        read_msrvtt(tmp_path / "MSRVTT_train.9k.csv", tmp_path / "v")


def test_synthetic_is_deterministic_and_temporal():
    specs = all_specs()
    assert len({s.caption for s in specs}) == len(specs) == 1008
    spec = next(s for s in specs if s.direction == "right" and s.event == "appears")
    a = render(spec, np.random.default_rng([0, 0, 1]), frames=8, size=64)
    b = render(spec, np.random.default_rng([0, 0, 1]), frames=8, size=64)
    assert a.dtype == np.uint8 and a.shape == (8, 64, 64, 3) and np.array_equal(a, b)
    assert not np.array_equal(a[0], a[-1])  # things happen over time


def test_twins_are_the_same_clip_played_backwards():
    pairs = twin_pairs()
    assert len(pairs) == 504 and len({s for pair in pairs for s in pair}) == 1008
    for a, b in pairs:
        assert reversed_in_time(a) == b and reversed_in_time(b) == a and a != b
    turns = next(s for s in all_specs() if s.event == "turns")
    for spec in (all_specs()[0], turns):
        forward = render(spec, np.random.default_rng(7), frames=8, size=64)
        backward = render(reversed_in_time(spec), np.random.default_rng(7), frames=8, size=64)
        assert np.array_equal(forward[::-1], backward), spec.caption


def test_generated_splits_and_decoding(tiny_dataset, tmp_path):
    train, test = read_jsonl(tiny_dataset["train"]), read_jsonl(tiny_dataset["test"])
    assert len(train) == 8 and len(test) == 4
    for split in (train, test):  # whole twin pairs on consecutive lines, one group each
        assert [i.group for i in split[::2]] == [i.group for i in split[1::2]]
        assert len({i.group for i in split}) == len(split) // 2
    assert not {c for i in train for c in i.captions} & {c for i in test for c in i.captions}
    frames = FrameCache(tmp_path, frames=6, image=64).get(test[0].video)
    assert frames.shape == (6, 64, 64, 3) and frames.dtype == np.uint8
    again = FrameCache(tmp_path, frames=6, image=64).get(test[0].video)  # from the cache
    assert np.array_equal(frames, again)


@pytest.mark.skipif(not (ROOT / "vocab" / "bpe_simple_vocab_16e6.txt").is_file(),
                    reason="run scripts/fetch_vocab.sh for the CLIP vocabulary")
def test_tokenizer_matches_goldens():
    from training.tokenizer import Tokenizer

    tokenizer = Tokenizer()
    cases = json.loads((ROOT / "Tests/TempMeModelTests/Golden/tokenizer.json").read_text())["cases"]
    for case in cases:
        assert tokenizer.bpe_ids(case["text"]) == case["bpe"], case["name"]
        assert tokenizer.encode(case["text"], 32) == case["ids32"], case["name"]
        assert tokenizer.encode(case["text"], 64) == case["ids64"], case["name"]
