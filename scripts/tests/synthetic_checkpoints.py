"""Synthetic CLIP checkpoints in every layout scripts/convert_checkpoint.py reads, built deterministically.

The weights are the numpy reference's tiny 12-block CLIP shape (reference/tempme_ref, seed 7, not the built-in
deterministic weights), so a converted checkpoint can be checked against the reference forward pass.
"""
from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import numpy as np
import torch

from tempme_ref import make_weights

LAYOUTS = ("openai_torchscript", "openai_state_dict", "open_clip", "tempme")
SEED = 7
OPENAI_META = {"input_resolution": 224, "context_length": 77, "vocab_size": 49408}


class _Holder(torch.nn.Module):
    """A module tree whose parameters (and buffers) carry the given dotted names."""

    def __init__(self, parameters: dict[str, torch.Tensor], buffers: dict[str, torch.Tensor]):
        super().__init__()
        for name, value in {**parameters, **buffers}.items():
            owner: torch.nn.Module = self
            *path, leaf = name.split(".")
            for part in path:
                if not hasattr(owner, part):
                    owner.add_module(part, torch.nn.Module())
                owner = getattr(owner, part)
            if name in buffers:
                owner.register_buffer(leaf, value)
            else:
                owner.register_parameter(leaf, torch.nn.Parameter(value, requires_grad=False))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x


def save_torchscript_archive(path: Path, parameters: dict[str, torch.Tensor],
                             buffers: dict[str, torch.Tensor] | None = None) -> None:
    """Write a torch.jit archive whose state_dict() is `parameters` plus `buffers` (e.g. OpenAI's `input_resolution`)."""
    torch.jit.save(torch.jit.script(_Holder(parameters, buffers or {})), str(path))


def canonical_weights(adapter: bool) -> dict[str, np.ndarray]:
    """Tiny CLIP weights under OpenAI names; with `adapter`, LoRA and CPE strong enough to move every output."""
    weights = make_weights("tiny", seed=SEED, adapter=adapter)
    for name in weights:
        if name.endswith("TVPt_LoRA_b"):
            weights[name] = weights[name] * np.float32(10)
        elif name.endswith("TVPt_Video_Positional_embedding"):
            weights[name] = weights[name] * np.float32(25)
    return weights


def write_checkpoint(layout: str, path: Path) -> dict[str, np.ndarray]:
    """Save the checkpoint of `layout` (one of LAYOUTS) to `path`; return the float32 weights it holds.

    openai_*: fp16 tensors as OpenAI publishes them (a torch.jit archive like ViT-B-32.pt, or a plain state dict),
    with OpenAI's `input_resolution`/`context_length`/`vocab_size` entries; open_clip: a training checkpoint
    (`state_dict` with DistributedDataParallel `module.` names); tempme: the authors' `VTRModel.state_dict()`,
    every name under `clip.`, with LoRA on both towers and CPE at layers 8, 9, 10."""
    weights = canonical_weights(adapter=layout == "tempme")
    if layout.startswith("openai"):
        weights = {k: v.astype(np.float16).astype(np.float32) for k, v in weights.items()}
        tensors = {k: torch.from_numpy(v).half() for k, v in weights.items()}
        meta = {k: torch.tensor(v) for k, v in OPENAI_META.items()}
        if layout == "openai_torchscript":
            save_torchscript_archive(path, tensors, meta)
        else:
            torch.save({**tensors, **meta}, path)
    elif layout == "open_clip":
        torch.save({"epoch": 32, "name": "tiny", "state_dict": OrderedDict(
            (f"module.{k}", torch.from_numpy(v)) for k, v in weights.items())}, path)
    elif layout == "tempme":
        torch.save(OrderedDict((f"clip.{k}", torch.from_numpy(v)) for k, v in weights.items()), path)
    else:
        raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
    return weights
