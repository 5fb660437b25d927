"""Tests for scripts/convert_checkpoint.py on small synthetic checkpoints."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import safetensors.torch as safetensors_torch
import torch

from scripts import convert_checkpoint as cc
from scripts.tests.synthetic_checkpoints import save_torchscript_archive

# Small CLIP-shaped model: vision 64 wide, 2 blocks, patch 32 on 64 px (2 x 2 grid); text 64 wide.
VW, VL, PATCH, GRID, TW, TL, CTX, VOCAB, EMBED, RANK = 64, 2, 32, 2, 64, 2, 8, 50, 32, 4


def fake_openai_state_dict(with_meta: bool = True) -> dict[str, torch.Tensor]:
    """A complete OpenAI-style CLIP ViT state dict with tiny shapes and distinct values."""
    g = torch.Generator().manual_seed(0)
    sd: dict[str, torch.Tensor] = {}

    def put(name, *shape):
        sd[name] = torch.randn(*shape, generator=g)

    put("visual.conv1.weight", VW, 3, PATCH, PATCH)
    put("visual.class_embedding", VW)
    put("visual.positional_embedding", GRID * GRID + 1, VW)
    for ln, d in (("visual.ln_pre", VW), ("visual.ln_post", VW), ("ln_final", TW)):
        put(f"{ln}.weight", d)
        put(f"{ln}.bias", d)
    put("visual.proj", VW, EMBED)
    put("token_embedding.weight", VOCAB, TW)
    put("positional_embedding", CTX, TW)
    put("text_projection", TW, EMBED)
    sd["logit_scale"] = torch.tensor(4.6)
    for prefix, d, layers in (("visual.", VW, VL), ("", TW, TL)):
        for l in range(layers):
            b = f"{prefix}transformer.resblocks.{l}."
            put(b + "attn.in_proj_weight", 3 * d, d)
            put(b + "attn.in_proj_bias", 3 * d)
            put(b + "attn.out_proj.weight", d, d)
            put(b + "attn.out_proj.bias", d)
            put(b + "mlp.c_fc.weight", 4 * d, d)
            put(b + "mlp.c_fc.bias", 4 * d)
            put(b + "mlp.c_proj.weight", d, 4 * d)
            put(b + "mlp.c_proj.bias", d)
            for norm in ("ln_1", "ln_2"):
                put(b + f"{norm}.weight", d)
                put(b + f"{norm}.bias", d)
    if with_meta:
        sd["input_resolution"] = torch.tensor(PATCH * GRID)
        sd["context_length"] = torch.tensor(CTX)
        sd["vocab_size"] = torch.tensor(VOCAB)
    return sd


def fake_adapters() -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(1)
    ad = {}
    for prefix, d, layers in (("visual.", VW, VL), ("", TW, TL)):
        for l in range(layers):
            ad[f"{prefix}transformer.resblocks.{l}.attn.TVPt_LoRA_a"] = torch.randn(RANK, d, generator=g)
            ad[f"{prefix}transformer.resblocks.{l}.attn.TVPt_LoRA_b"] = torch.randn(3 * d, RANK, generator=g)
    ad["visual.transformer.resblocks.0.TVPt_Video_Positional_embedding"] = torch.randn(1, 6, 1, VW, generator=g)
    ad["visual.transformer.resblocks.1.TVPt_Video_Positional_embedding"] = torch.randn(1, 2, 1, VW, generator=g)
    return ad


def run(tmp_path: Path, payload, *flags: str) -> tuple[int, Path]:
    src = tmp_path / "in.pt"
    torch.save(payload, src)
    out = tmp_path / "out"
    return cc.main([str(src), str(out), *flags]), out


def load(path: Path) -> dict[str, torch.Tensor]:
    return safetensors_torch.load_file(str(path))


def test_openai_state_dict_round_trips(tmp_path, capsys):
    sd = fake_openai_state_dict()
    code, out = run(tmp_path, sd)
    assert code == 0
    written = load(out / "clip.safetensors")
    weights = {k: v for k, v in sd.items() if k not in cc.NON_WEIGHT_KEYS}
    assert set(written) == set(weights)
    for k, v in weights.items():
        assert torch.equal(written[k], v), k
    assert not (out / "adapter.safetensors").exists()
    config = json.loads((out / "config.json").read_text())
    assert config == {"backbone": {"visual_width": VW, "visual_layers": VL, "patch_size": PATCH,
                                   "image_size": PATCH * GRID, "embed_dim": EMBED, "text_width": TW,
                                   "text_layers": TL, "context_length": CTX, "vocab_size": VOCAB},
                      "r_img": 2, "merged_pct_cross": 30, "merged_pct_intra": 10, "cpe": False, "cpe_clips": {}, "lora_rank": 0, "dtype": "float32", "source_layout": "openai"}
    assert "layout     openai" in capsys.readouterr().out


def test_open_clip_module_prefix_and_wrapper(tmp_path):
    sd = fake_openai_state_dict(with_meta=False)
    payload = {"epoch": 3, "state_dict": {f"module.{k}": v for k, v in sd.items()}}
    code, out = run(tmp_path, payload)
    assert code == 0
    written = load(out / "clip.safetensors")
    assert set(written) == set(sd)
    assert json.loads((out / "config.json").read_text())["source_layout"] == "open_clip"


def test_tempme_checkpoint_splits_adapters(tmp_path):
    sd = {**fake_openai_state_dict(with_meta=False), **fake_adapters()}
    code, out = run(tmp_path, {f"clip.{k}": v for k, v in sd.items()})
    assert code == 0
    backbone, adapter = load(out / "clip.safetensors"), load(out / "adapter.safetensors")
    assert set(adapter) == set(fake_adapters())
    assert not any("TVPt" in k for k in backbone)
    assert torch.equal(adapter["visual.transformer.resblocks.0.attn.TVPt_LoRA_b"],
                       sd["visual.transformer.resblocks.0.attn.TVPt_LoRA_b"])
    config = json.loads((out / "config.json").read_text())
    assert config["lora_rank"] == RANK
    assert config["cpe"] is True and config["cpe_clips"] == {"0": 6, "1": 2}
    assert (config["frames"], config["merge_layers"], config["group_sizes"]) == (6, [0, 1], [3, 2])
    assert config["source_layout"] == "tempme"


def test_cpe_lengths_that_cannot_be_grouped_are_reported(tmp_path, capsys):
    ad = {**fake_adapters(), "visual.transformer.resblocks.1.TVPt_Video_Positional_embedding": torch.zeros(1, 4, 1, VW)}
    code, _ = run(tmp_path, {**fake_openai_state_dict(), **ad})
    assert code == 1
    assert "[6, 4] clips at layers [0, 1]" in capsys.readouterr().err


def test_force_drops_a_stale_adapter(tmp_path):
    assert run(tmp_path, {**fake_openai_state_dict(), **fake_adapters()})[0] == 0
    code, out = run(tmp_path, fake_openai_state_dict(), "--force")
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["clip.safetensors", "config.json"]


def test_patch_16_gets_the_b16_ratios(tmp_path):
    sd = fake_openai_state_dict()
    sd["visual.conv1.weight"] = sd["visual.conv1.weight"][:, :, :16, :16]
    sd["visual.positional_embedding"] = torch.zeros(GRID * GRID * 4 + 1, VW)
    code, out = run(tmp_path, sd)
    assert code == 0
    config = json.loads((out / "config.json").read_text())
    assert (config["r_img"], config["merged_pct_cross"], config["merged_pct_intra"]) == (10, 40, 20)


def test_float16_flag(tmp_path):
    code, out = run(tmp_path, fake_openai_state_dict(), "--dtype", "float16")
    assert code == 0
    assert all(t.dtype == torch.float16 for t in load(out / "clip.safetensors").values())


def test_torchscript_archive(tmp_path):
    sd = fake_openai_state_dict(with_meta=False)
    src = tmp_path / "jit.pt"
    save_torchscript_archive(src, sd)
    out = tmp_path / "out"
    assert cc.main([str(src), str(out)]) == 0
    assert set(load(out / "clip.safetensors")) == set(sd)


def test_bad_shape_is_reported(tmp_path, capsys):
    sd = fake_openai_state_dict()
    sd["visual.transformer.resblocks.1.mlp.c_fc.weight"] = torch.zeros(3, 3)
    code, _ = run(tmp_path, sd)
    assert code == 1
    assert "mlp.c_fc.weight` has shape [3, 3], expected [256, 64]" in capsys.readouterr().err


def test_unknown_layout_is_reported(tmp_path, capsys):
    code, _ = run(tmp_path, {"vision_model.embeddings.patch_embedding.weight": torch.zeros(2)})
    assert code == 1
    assert "unknown checkpoint layout" in capsys.readouterr().err


def test_bad_adapter_shape_is_reported(tmp_path, capsys):
    sd = {**fake_openai_state_dict(), "visual.transformer.resblocks.0.attn.TVPt_LoRA_b": torch.zeros(5, RANK),
          "visual.transformer.resblocks.0.attn.TVPt_LoRA_a": torch.zeros(RANK, VW)}
    code, _ = run(tmp_path, sd)
    assert code == 1
    assert "TVPt_LoRA_b` has shape [5, 4], expected [192, 4]" in capsys.readouterr().err


def test_existing_output_needs_force(tmp_path, capsys):
    sd = fake_openai_state_dict()
    assert run(tmp_path, sd)[0] == 0
    assert run(tmp_path, sd)[0] == 1
    assert "--force" in capsys.readouterr().err
    assert run(tmp_path, sd, "--force")[0] == 0


def test_safetensors_input(tmp_path):
    sd = {f"module.{k}": v for k, v in fake_openai_state_dict(with_meta=False).items()}
    src = tmp_path / "open_clip_model.safetensors"
    safetensors_torch.save_file(sd, str(src))
    out = tmp_path / "out"
    assert cc.main([str(src), str(out)]) == 0
    assert set(load(out / "clip.safetensors")) == {k[len("module."):] for k in sd}


def test_missing_file_is_reported(tmp_path, capsys):
    assert cc.main([str(tmp_path / "nope.pt"), str(tmp_path / "out")]) == 1
    assert "no such file" in capsys.readouterr().err
