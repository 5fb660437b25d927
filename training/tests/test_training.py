"""A short training run on a tiny generated set: loss falls, export reloads, resume is exact."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from training.checkpoint import load_model_dir, schedule_from_config
from training.data import normalize, read_jsonl
from training.train import TrainConfig, Trainer

TINY = {"visual_width": 64, "visual_layers": 4, "patch_size": 32, "image_size": 64, "embed_dim": 32,
        "text_width": 64, "text_layers": 2, "context_length": 32, "vocab_size": 49408}


def _config(**kw):
    base = dict(frames=12, batch_size=4, threads=1, seed=0, max_words=16)
    base.update(kw)
    return TrainConfig(**base)


@pytest.fixture(scope="module")
def pretrained(tiny_dataset, tmp_path_factory, stub_tokenizer):
    out = tmp_path_factory.mktemp("pretrain")
    items = read_jsonl(tiny_dataset["train"])
    trainer = Trainer(_config(stage="pretrain", mode="lora", epochs=16, lr=3e-4, backbone=TINY), items, out,
                      stub_tokenizer, cache_dir=out / "frames")
    history = trainer.train()
    trainer.export()
    return out, items, history


def test_group_batches_keep_groups_together(pretrained, tmp_path, stub_tokenizer):
    _, items, _ = pretrained
    trainer = Trainer(_config(stage="pretrain", mode="lora", batch_size=4, group_batches=True, backbone=TINY), items,
                      tmp_path, stub_tokenizer, cache_dir=tmp_path / "frames")
    for epoch in range(3):
        batches = [list(idx) for idx, _ in trainer.batches(epoch)]
        assert sorted(i for b in batches for i in b) == list(range(len(items)))
        for batch in batches:
            groups = [items[i].group for i in batch]
            assert all(groups.count(g) == 2 for g in groups), groups  # both twins or neither


def test_pretraining_loss_falls(pretrained):
    _, _, history = pretrained
    first, last = np.mean([h["loss"] for h in history[:2]]), np.mean([h["loss"] for h in history[-2:]])
    assert last < first - 0.1, (first, last)


def _finetune(items, out, init, cache, stub, **kw):
    return Trainer(_config(stage="finetune", mode="tempme", epochs=2, **kw), items, out, stub, init, cache)


def test_finetune_exports_and_reloads(pretrained, tmp_path, stub_tokenizer):
    pre, items, _ = pretrained
    trainer = _finetune(items, tmp_path, pre / "model", pre / "frames", stub_tokenizer)
    trainer.train()
    trainable = [n for n, p in trainer.model.named_parameters() if p.requires_grad]
    assert trainable and all("TVPt_" in n for n in trainable)
    trainer.export()
    config = json.loads((tmp_path / "model/config.json").read_text())
    assert config["mode"] == "tempme" and config["cpe"] and config["cpe_clips"] == {"1": 12, "2": 6, "3": 3}
    assert config["merge_layers"] == [1, 2, 3] and config["group_sizes"] == [2, 2, 3] and config["lora_rank"] == 8
    model, cfg = load_model_dir(tmp_path / "model")
    frames = normalize(np.stack([trainer.frames_of(0)]))
    ids = torch.tensor([stub_tokenizer.encode("a red circle", 16)])
    trainer.model.eval()
    with torch.no_grad():
        schedule = schedule_from_config(cfg, 4)
        for mode in ("lora", "tome", "tempme"):
            assert torch.allclose(model.encode_video(frames, mode, schedule),
                                  trainer.model.encode_video(frames, mode, trainer.schedule), atol=1e-6)
        assert torch.allclose(model.encode_text(ids), trainer.model.encode_text(ids), atol=1e-6)


def test_resume_continues_where_it_stopped(pretrained, tmp_path, stub_tokenizer):
    pre, items, _ = pretrained
    straight = _finetune(items, tmp_path / "a", pre / "model", pre / "frames", stub_tokenizer)
    straight.train()
    first = _finetune(items, tmp_path / "b", pre / "model", pre / "frames", stub_tokenizer, max_steps=3)
    first.train()
    assert first.step == 3
    second = _finetune(items, tmp_path / "b", pre / "model", pre / "frames", stub_tokenizer)
    assert second.resume() and second.step == 3
    second.train()
    assert second.step == straight.step == 4
    assert [h["loss"] for h in second.history] == pytest.approx([h["loss"] for h in straight.history], abs=1e-6)
    a, b = straight.model.adapter_state(), second.model.adapter_state()
    assert all(torch.allclose(a[k], b[k], atol=1e-6) for k in a)


def test_resume_refuses_other_settings(pretrained, tmp_path, stub_tokenizer):
    pre, items, _ = pretrained
    _finetune(items, tmp_path, pre / "model", pre / "frames", stub_tokenizer, max_steps=1).train()
    other = Trainer(_config(stage="finetune", mode="tempme", epochs=2, lr=1e-3), items, tmp_path, stub_tokenizer,
                    pre / "model", pre / "frames")
    with pytest.raises(ValueError, match="lr"):
        other.resume()
