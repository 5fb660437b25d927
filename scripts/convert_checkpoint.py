#!/usr/bin/env python3
"""Convert a CLIP or TempMe checkpoint into the tempmed model directory layout.

Inputs understood:
  * OpenAI CLIP `.pt` files (TorchScript archives such as ViT-B-32.pt, or plain state dicts);
  * open_clip checkpoints (a state dict, or a dict with a `state_dict` entry, keys possibly
    prefixed with `module.`; `.safetensors` files are read too);
  * TempMe training checkpoints from the authors' code (every key under `clip.`, adapters named
    `TVPt_LoRA_a`, `TVPt_LoRA_b`, `TVPt_Video_Positional_embedding`).

Output directory:
  * `clip.safetensors`    backbone tensors with OpenAI CLIP state-dict names;
  * `adapter.safetensors` LoRA and clip positional embeddings, only if the input has them;
  * `config.json`         shapes inferred from the tensors (backbone name, widths, layers, ...).

Usage: convert_checkpoint.py INPUT OUTPUT_DIR [--dtype float32|float16] [--force]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import torch
from safetensors.torch import save_file

warnings.filterwarnings("ignore", category=FutureWarning)  # torch.jit deprecation notes

# Entries of OpenAI / open_clip state dicts that are not weights.
NON_WEIGHT_KEYS = {"input_resolution", "context_length", "vocab_size", "attn_mask"}
WRAPPER_PREFIXES = ("module.", "clip.")
ADAPTER_MARK = "TVPt_"
LORA_PATTERN = re.compile(r"^(visual\.)?transformer\.resblocks\.(\d+)\.attn\.TVPt_LoRA_(a|b)$")
CPE_PATTERN = re.compile(r"^visual\.transformer\.resblocks\.(\d+)\.TVPt_Video_Positional_embedding$")
BLOCK_PATTERN = re.compile(r"^(visual\.)?transformer\.resblocks\.(\d+)\.(.+)$")
BLOCK_TENSORS = (
    "attn.in_proj_weight", "attn.in_proj_bias", "attn.out_proj.weight", "attn.out_proj.bias",
    "ln_1.weight", "ln_1.bias", "mlp.c_fc.weight", "mlp.c_fc.bias",
    "mlp.c_proj.weight", "mlp.c_proj.bias", "ln_2.weight", "ln_2.bias",
)
TOP_LEVEL_TENSORS = (
    "visual.conv1.weight", "visual.class_embedding", "visual.positional_embedding",
    "visual.ln_pre.weight", "visual.ln_pre.bias", "visual.ln_post.weight", "visual.ln_post.bias",
    "visual.proj", "token_embedding.weight", "positional_embedding", "ln_final.weight",
    "ln_final.bias", "text_projection", "logit_scale",
)


class ConversionError(Exception):
    """A checkpoint that cannot be converted; the message says why and what to do."""


@dataclass
class Converted:
    """Result of a conversion: backbone and adapter tensors plus the inferred config."""

    layout: str
    backbone: dict[str, torch.Tensor]
    adapter: dict[str, torch.Tensor]
    config: dict = field(default_factory=dict)


def load_raw(path: Path) -> dict:
    """Read a TorchScript archive or a pickled checkpoint into a flat name -> tensor dict."""
    if not path.is_file():
        raise ConversionError(f"{path}: no such file")
    if path.suffix == ".safetensors":
        from safetensors import SafetensorError
        from safetensors.torch import load_file

        try:
            return load_file(str(path))
        except (SafetensorError, OSError) as error:
            raise ConversionError(f"{path}: not a readable safetensors file: {error}") from error
    if _is_torchscript(path):
        try:
            return dict(torch.jit.load(str(path), map_location="cpu").state_dict())
        except RuntimeError as error:
            raise ConversionError(f"{path}: TorchScript archive could not be loaded: {error}") from error
    try:
        obj = torch.load(str(path), map_location="cpu", weights_only=True)
    except Exception as error:  # noqa: BLE001 - torch raises many types for bad files
        raise ConversionError(
            f"{path}: not a TorchScript archive nor a torch checkpoint readable with "
            f"weights_only=True ({type(error).__name__}: {error})") from error
    return _unwrap(obj, path)


def _is_torchscript(path: Path) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return any(name.endswith("constants.pkl") or "/code/" in name for name in archive.namelist())


def _unwrap(obj, path: Path) -> dict:
    for key in ("state_dict", "model", "module"):
        if isinstance(obj, dict) and isinstance(obj.get(key), dict):
            obj = obj[key]
            break
    if not isinstance(obj, dict) or not obj:
        raise ConversionError(f"{path}: expected a state dict (name -> tensor), got {type(obj).__name__}")
    tensors = {k: v for k, v in obj.items() if isinstance(v, torch.Tensor)}
    if not tensors:
        raise ConversionError(f"{path}: the checkpoint holds no tensors")
    return tensors


def strip_prefixes(raw: dict[str, torch.Tensor]) -> tuple[dict[str, torch.Tensor], list[str]]:
    """Remove `module.` and `clip.` wrappers when every weight carries them."""
    found = []
    names = dict(raw)
    for prefix in WRAPPER_PREFIXES:
        relevant = [k for k in names if k not in NON_WEIGHT_KEYS]
        if relevant and all(k.startswith(prefix) for k in relevant):
            names = {k[len(prefix):] if k.startswith(prefix) else k: v for k, v in names.items()}
            found.append(prefix)
    return names, found


def detect_layout(prefixes: list[str], adapter_names: list[str]) -> str:
    """Name the source layout for the summary."""
    if "clip." in prefixes or adapter_names:
        return "tempme"
    if "module." in prefixes:
        return "open_clip"
    return "openai"


def convert(raw: dict[str, torch.Tensor], dtype: torch.dtype = torch.float32) -> Converted:
    """Map a flat checkpoint onto OpenAI CLIP names, split adapters, validate every shape."""
    names, prefixes = strip_prefixes(raw)
    names = {k: v for k, v in names.items() if k not in NON_WEIGHT_KEYS}
    adapter = {k: v for k, v in names.items() if ADAPTER_MARK in k}
    backbone = {k: v for k, v in names.items() if ADAPTER_MARK not in k}
    layout = detect_layout(prefixes, list(adapter))
    if "visual.conv1.weight" not in backbone:
        sample = ", ".join(sorted(names)[:5])
        raise ConversionError(
            "unknown checkpoint layout: no `visual.conv1.weight` (after removing `module.`/`clip.` "
            f"prefixes). First keys: {sample}. Only OpenAI-style CLIP ViT checkpoints are supported "
            "(ResNet CLIP and Hugging Face `CLIPModel` layouts are not).")
    config = infer_config(backbone)
    validate_backbone(backbone, config)
    config.update(validate_adapter(adapter, config))
    config["source_layout"] = layout
    config["dtype"] = str(dtype).replace("torch.", "")
    cast = lambda t: t.detach().to(torch.float32).to(dtype).contiguous().clone()  # noqa: E731
    return Converted(layout, {k: cast(v) for k, v in sorted(backbone.items())},
                     {k: cast(v) for k, v in sorted(adapter.items())}, config)


def _layer_count(names, prefix: str) -> int:
    indices = {int(m.group(2)) for k in names if (m := BLOCK_PATTERN.match(k)) and (m.group(1) or "") == prefix}
    if indices != set(range(len(indices))):
        raise ConversionError(f"{prefix or 'text '}transformer blocks are not numbered 0..n-1: {sorted(indices)}")
    return len(indices)


def infer_config(sd: dict[str, torch.Tensor]) -> dict:
    """Read widths, layer counts, patch size and the backbone name off the tensor shapes."""
    for name in TOP_LEVEL_TENSORS:
        if name not in sd:
            raise ConversionError(f"missing tensor `{name}`: not a complete CLIP ViT checkpoint")
    conv = sd["visual.conv1.weight"]
    if conv.ndim != 4 or conv.shape[1] != 3 or conv.shape[2] != conv.shape[3]:
        raise ConversionError(f"visual.conv1.weight has shape {list(conv.shape)}, expected [D, 3, p, p]")
    width, patch = conv.shape[0], conv.shape[-1]
    tokens = sd["visual.positional_embedding"].shape[0]
    grid = round((tokens - 1) ** 0.5)
    if grid * grid + 1 != tokens:
        raise ConversionError(f"visual.positional_embedding has {tokens} rows, not grid^2 + 1")
    text_width = sd["ln_final.weight"].shape[0]
    if width % 64 or text_width % 64:
        raise ConversionError(f"widths {width}/{text_width} are not multiples of the 64-wide heads")
    vision = {"width": width, "layers": _layer_count(sd, "visual."), "heads": width // 64,
              "patch_size": patch, "image_size": patch * grid, "tokens_per_frame": tokens}
    text = {"width": text_width, "layers": _layer_count(sd, ""), "heads": text_width // 64,
            "context_length": sd["positional_embedding"].shape[0],
            "vocab_size": sd["token_embedding.weight"].shape[0]}
    embed = sd["text_projection"].shape[1]
    return {"backbone": _backbone_name(vision, text, embed), "embed_dim": embed,
            "vision": vision, "text": text}


def _backbone_name(vision: dict, text: dict, embed: int) -> str:
    standard = (vision["width"] == 768 and vision["layers"] == 12 and vision["image_size"] == 224
                and text["width"] == 512 and text["layers"] == 12 and embed == 512)
    if standard and vision["patch_size"] in (32, 16):
        return f"b{vision['patch_size']}"
    return "custom"


def _expect(sd, name: str, shape: list[int]) -> None:
    if name not in sd:
        raise ConversionError(f"missing tensor `{name}`")
    actual = list(sd[name].shape)
    if actual != shape:
        raise ConversionError(f"`{name}` has shape {actual}, expected {shape}")


def validate_backbone(sd: dict[str, torch.Tensor], config: dict) -> None:
    """Check every backbone tensor against the shapes implied by the config; reject extras."""
    v, t, e = config["vision"], config["text"], config["embed_dim"]
    expected = {
        "visual.conv1.weight": [v["width"], 3, v["patch_size"], v["patch_size"]],
        "visual.class_embedding": [v["width"]],
        "visual.positional_embedding": [v["tokens_per_frame"], v["width"]],
        "visual.proj": [v["width"], e], "text_projection": [t["width"], e],
        "token_embedding.weight": [t["vocab_size"], t["width"]],
        "positional_embedding": [t["context_length"], t["width"]], "logit_scale": [],
    }
    for ln in ("visual.ln_pre", "visual.ln_post"):
        expected[f"{ln}.weight"] = expected[f"{ln}.bias"] = [v["width"]]
    expected["ln_final.weight"] = expected["ln_final.bias"] = [t["width"]]
    for prefix, tower in (("visual.", v), ("", t)):
        d = tower["width"]
        shapes = {"attn.in_proj_weight": [3 * d, d], "attn.in_proj_bias": [3 * d],
                  "attn.out_proj.weight": [d, d], "attn.out_proj.bias": [d],
                  "mlp.c_fc.weight": [4 * d, d], "mlp.c_fc.bias": [4 * d],
                  "mlp.c_proj.weight": [d, 4 * d], "mlp.c_proj.bias": [d]}
        for norm in ("ln_1", "ln_2"):
            shapes[f"{norm}.weight"] = shapes[f"{norm}.bias"] = [d]
        for layer in range(tower["layers"]):
            for tensor in BLOCK_TENSORS:
                expected[f"{prefix}transformer.resblocks.{layer}.{tensor}"] = shapes[tensor]
    for name, shape in expected.items():
        _expect(sd, name, shape)
    extra = sorted(set(sd) - set(expected))
    if extra:
        raise ConversionError(f"{len(extra)} unexpected tensor(s), e.g. {', '.join(extra[:5])}; "
                              "this layout is not an OpenAI-style CLIP ViT")


def validate_adapter(adapter: dict[str, torch.Tensor], config: dict) -> dict:
    """Check LoRA and CPE shapes; return the adapter part of the config."""
    if not adapter:
        return {"lora_rank": 0, "cpe": {"layers": [], "clips": []}}
    ranks, cpe = set(), {}
    for name, tensor in adapter.items():
        if m := LORA_PATTERN.match(name):
            tower = config["vision"] if m.group(1) else config["text"]
            if int(m.group(2)) >= tower["layers"]:
                raise ConversionError(f"`{name}`: block {m.group(2)} does not exist")
            d = tower["width"]
            if tensor.ndim != 2:
                raise ConversionError(f"`{name}` has shape {list(tensor.shape)}, expected a matrix")
            rank = tensor.shape[0] if m.group(3) == "a" else tensor.shape[1]
            _expect(adapter, name, [rank, d] if m.group(3) == "a" else [3 * d, rank])
            ranks.add(rank)
        elif m := CPE_PATTERN.match(name):
            if tensor.ndim != 4 or tensor.shape[0] != 1 or tensor.shape[2] != 1 \
                    or tensor.shape[3] != config["vision"]["width"]:
                raise ConversionError(f"`{name}` has shape {list(tensor.shape)}, expected [1, f, 1, "
                                      f"{config['vision']['width']}]")
            cpe[int(m.group(1))] = tensor.shape[1]
        else:
            raise ConversionError(f"unknown adapter tensor `{name}`")
    if len(ranks) > 1:
        raise ConversionError(f"LoRA ranks differ between blocks: {sorted(ranks)}")
    pairs = {n.rsplit("_", 1)[0] for n in adapter if LORA_PATTERN.match(n)}
    for stem in pairs:
        for half in ("a", "b"):
            if f"{stem}_{half}" not in adapter:
                raise ConversionError(f"`{stem}_{half}` is missing (LoRA needs both halves)")
    layers = sorted(cpe)
    return {"lora_rank": ranks.pop() if ranks else 0,
            "cpe": {"layers": layers, "clips": [cpe[l] for l in layers]}}


def write(result: Converted, out_dir: Path, force: bool = False) -> list[Path]:
    """Write clip.safetensors, adapter.safetensors (if any) and config.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = [out_dir / "clip.safetensors", out_dir / "config.json"]
    if result.adapter:
        targets.append(out_dir / "adapter.safetensors")
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise ConversionError(f"{existing[0]} exists; pass --force to overwrite")
    save_file(result.backbone, str(out_dir / "clip.safetensors"))
    if result.adapter:
        save_file(result.adapter, str(out_dir / "adapter.safetensors"))
    (out_dir / "config.json").write_text(json.dumps(result.config, indent=2) + "\n")
    return targets


def summary(result: Converted) -> str:
    """Human-readable description of what was converted."""
    c, v, t = result.config, result.config["vision"], result.config["text"]
    count = lambda d: sum(x.numel() for x in d.values())  # noqa: E731
    lines = [
        f"layout     {result.layout}",
        f"backbone   {c['backbone']}  (vision {v['width']}w x {v['layers']}L, {v['heads']} heads, "
        f"patch {v['patch_size']}, image {v['image_size']}; text {t['width']}w x {t['layers']}L; "
        f"embed {c['embed_dim']})",
        f"tensors    {len(result.backbone)} backbone ({count(result.backbone) / 1e6:.2f}M params), "
        f"{len(result.adapter)} adapter ({count(result.adapter) / 1e6:.3f}M params)",
        f"lora rank  {c['lora_rank'] or 'none'}",
        f"cpe        layers {c['cpe']['layers'] or 'none'} clips {c['cpe']['clips'] or ''}".rstrip(),
        f"dtype      {c['dtype']}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path, help="OpenAI .pt, open_clip .pt/.bin/.safetensors or TempMe .pth")
    parser.add_argument("output", type=Path, help="directory to write")
    parser.add_argument("--dtype", choices=("float32", "float16"), default="float32")
    parser.add_argument("--force", action="store_true", help="overwrite existing output files")
    args = parser.parse_args(argv)
    try:
        result = convert(load_raw(args.input), getattr(torch, args.dtype))
        files = write(result, args.output, args.force)
    except ConversionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(summary(result))
    for path in files:
        print(f"wrote      {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
