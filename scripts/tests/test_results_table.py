"""scripts/results_table.py against a stand-in tempmectl that prints fixed `eval --json` reports."""
from __future__ import annotations

import json
from pathlib import Path

from scripts import results_table

FAKE = '''#!/usr/bin/env python3
import json, sys
args = sys.argv[1:]
mode, model = args[args.index("--mode") + 1], args[args.index("--model") + 1]
if mode == "tome":
    sys.exit("cannot load model")
m = {"r_at_1": 50.0, "r_at_5": 90.0, "r_at_10": 100.0, "median_rank": 1.5, "mean_rank": 2.25}
print("progress noise")
print(json.dumps({"model": model, "mode": mode, "videos": 4, "captions": 4, "text_to_video": m,
                  "video_to_text": dict(m, r_at_1=25.0),
                  **({"text_to_video_in_group": {"percent": 75.0, "captions": 4}} if mode == "tempme" else {}), "gflops": 0.5, "videos_per_s": 12.34}))
'''


def _setup(tmp_path: Path, runs: list[str]) -> tuple[Path, Path]:
    fake = tmp_path / "tempmectl"
    fake.write_text(FAKE)
    fake.chmod(0o755)
    for run in runs:
        (tmp_path / "runs" / run / "model").mkdir(parents=True)
        (tmp_path / "runs" / run / "model" / "clip.safetensors").write_bytes(b"")
    return fake, tmp_path / "runs"


def test_table_rows_and_json(tmp_path, capsys):
    fake, runs = _setup(tmp_path, ["pretrain", "lora", "tempme"])
    out = tmp_path / "results.json"
    assert results_table.main(["--test", "t.jsonl", "--runs", str(runs), "--tempmectl", str(fake),
                               "--json", str(out)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[2] == "| zero-shot | lora | 50.0 | 90.0 | 100.0 | 240.0 | 1.5 | 2.2 | - | 25.0 | 215.0 | 0.500 | 12.3 |"
    assert "| 2.2 | 75.0 | 25.0 |" in lines[-1]
    assert [line.split("|")[1].strip() for line in lines[2:]] == ["zero-shot", "LoRA", "TempMe"]  # ToMe run missing
    reports = json.loads(out.read_text())
    assert [(r["method"], r["mode"]) for r in reports] == [("zero-shot", "lora"), ("LoRA", "lora"), ("TempMe", "tempme")]


def test_a_failing_eval_is_an_error(tmp_path, capsys):
    fake, runs = _setup(tmp_path, ["pretrain", "tome"])  # the stand-in fails in tome mode
    assert results_table.main(["--test", "t.jsonl", "--runs", str(runs), "--tempmectl", str(fake)]) == 1
    assert "cannot load model" in capsys.readouterr().err
