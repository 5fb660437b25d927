"""TorchScript archives laid out like OpenAI's CLIP `.pt` files, built from a flat name -> tensor dict."""
from __future__ import annotations

from pathlib import Path

import torch


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
