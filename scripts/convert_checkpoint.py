#!/usr/bin/env python3
"""Convert a CLIP or TempMe checkpoint into the tempmed model directory layout.

Inputs understood:
  * OpenAI CLIP `.pt` files (TorchScript archives such as ViT-B-32.pt, or plain state dicts);
  * open_clip checkpoints (a state dict, or a dict with a `state_dict` entry, keys possibly
    prefixed with `module.`; `.safetensors` files are read too);
  * TempMe training checkpoints from the authors' code (every key under `clip.`, adapters named
    `TVPt_LoRA_a`, `TVPt_LoRA_b`, `TVPt_Video_Positional_embedding`).

Output: a model directory as docs/model-format.md describes it:
  * `clip.safetensors`    backbone tensors with OpenAI CLIP state-dict names;
  * `adapter.safetensors` LoRA and clip positional embeddings, only if the input has them;
  * `config.json`         the tensors' description (`backbone`, `cpe`, `cpe_clips`, `lora_rank`), the paper's
                          merge ratios for the patch size, the schedule the clip positional embeddings imply
                          (`frames`, `merge_layers`, `group_sizes`), `dtype` and `source_layout`; `mode`,
                          `max_words` and (without CPE) the schedule keep their defaults.

Usage: convert_checkpoint.py INPUT OUTPUT_DIR [--dtype float32|float16] [--force]
"""
from __future__ import annotations

import argparse
import re
import sys
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import torch
from safetensors.torch import save_file

from training.checkpoint import describe_tensors, write_config  # the one config.json writer
from training.merge import MergeSchedule
from training.model import Backbone

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
    """Result of a conversion: backbone and adapter tensors, their shape and the config.json to write."""

    layout: str
    shape: Backbone
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
    shape = infer_backbone(backbone)
    validate_backbone(backbone, shape)
    validate_adapter(adapter, shape)
    described = describe_tensors(shape, adapter)
    config = {"backbone": described["backbone"], **paper_ratios(shape), **cpe_schedule(described["cpe_clips"]),
              "cpe": bool(described["cpe_clips"]), "cpe_clips": described["cpe_clips"],
              "lora_rank": described["lora_rank"], "dtype": str(dtype).replace("torch.", ""), "source_layout": layout}
    cast = lambda t: t.detach().to(torch.float32).to(dtype).contiguous().clone()  # noqa: E731
    return Converted(layout, shape, {k: cast(v) for k, v in sorted(backbone.items())},
                     {k: cast(v) for k, v in sorted(adapter.items())}, config)


def paper_ratios(shape: Backbone) -> dict:
    """`r_img`, `merged_pct_cross`, `merged_pct_intra`: the paper's for the patch size (B/16's at 16 or less)."""
    paper = MergeSchedule.default("b16" if shape.patch_size <= 16 else "b32", 12)
    return {"r_img": paper.r_img, "merged_pct_cross": paper.merged_pct_cross, "merged_pct_intra": paper.merged_pct_intra}


def cpe_schedule(cpe_clips: dict[str, int]) -> dict:
    """`frames`, `merge_layers`, `group_sizes` implied by the CPE: the clips entering each merge layer, down to one."""
    if not cpe_clips:
        return {}
    layers = sorted(int(layer) for layer in cpe_clips)
    clips = [cpe_clips[str(layer)] for layer in layers] + [1]
    if any(before % after for before, after in zip(clips, clips[1:])):
        raise ConversionError(f"clip positional embeddings for {clips[:-1]} clips at layers {layers}: each count must "
                              "divide the one before it (clips are grouped, ending in one clip)")
    return {"frames": clips[0], "merge_layers": layers,
            "group_sizes": [before // after for before, after in zip(clips, clips[1:])]}


def _layer_count(names, prefix: str) -> int:
    indices = {int(m.group(2)) for k in names if (m := BLOCK_PATTERN.match(k)) and (m.group(1) or "") == prefix}
    if indices != set(range(len(indices))):
        raise ConversionError(f"{prefix or 'text '}transformer blocks are not numbered 0..n-1: {sorted(indices)}")
    return len(indices)


def infer_backbone(sd: dict[str, torch.Tensor]) -> Backbone:
    """Read widths, layer counts, patch and image size off the tensor shapes (with readable errors)."""
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
    return Backbone(visual_width=width, visual_layers=_layer_count(sd, "visual."), patch_size=patch,
                    image_size=patch * grid, embed_dim=sd["text_projection"].shape[1], text_width=text_width,
                    text_layers=_layer_count(sd, ""), context_length=sd["positional_embedding"].shape[0],
                    vocab_size=sd["token_embedding.weight"].shape[0])


def backbone_name(shape: Backbone) -> str:
    """`b32` or `b16` for OpenAI's ViT-B shapes, else `custom` (for the summary)."""
    standard = Backbone(patch_size=shape.patch_size)
    return f"b{shape.patch_size}" if shape == standard and shape.patch_size in (32, 16) else "custom"


def _expect(sd, name: str, shape: list[int]) -> None:
    if name not in sd:
        raise ConversionError(f"missing tensor `{name}`")
    actual = list(sd[name].shape)
    if actual != shape:
        raise ConversionError(f"`{name}` has shape {actual}, expected {shape}")


def validate_backbone(sd: dict[str, torch.Tensor], s: Backbone) -> None:
    """Check every backbone tensor against the shapes implied by `s`; reject extras."""
    v, t, e = s.visual_width, s.text_width, s.embed_dim
    tokens = (s.image_size // s.patch_size) ** 2 + 1
    expected = {
        "visual.conv1.weight": [v, 3, s.patch_size, s.patch_size],
        "visual.class_embedding": [v],
        "visual.positional_embedding": [tokens, v],
        "visual.proj": [v, e], "text_projection": [t, e],
        "token_embedding.weight": [s.vocab_size, t],
        "positional_embedding": [s.context_length, t], "logit_scale": [],
    }
    for ln in ("visual.ln_pre", "visual.ln_post"):
        expected[f"{ln}.weight"] = expected[f"{ln}.bias"] = [v]
    expected["ln_final.weight"] = expected["ln_final.bias"] = [t]
    for prefix, d, layers in (("visual.", v, s.visual_layers), ("", t, s.text_layers)):
        shapes = {"attn.in_proj_weight": [3 * d, d], "attn.in_proj_bias": [3 * d],
                  "attn.out_proj.weight": [d, d], "attn.out_proj.bias": [d],
                  "mlp.c_fc.weight": [4 * d, d], "mlp.c_fc.bias": [4 * d],
                  "mlp.c_proj.weight": [d, 4 * d], "mlp.c_proj.bias": [d]}
        for norm in ("ln_1", "ln_2"):
            shapes[f"{norm}.weight"] = shapes[f"{norm}.bias"] = [d]
        for layer in range(layers):
            for tensor in BLOCK_TENSORS:
                expected[f"{prefix}transformer.resblocks.{layer}.{tensor}"] = shapes[tensor]
    for name, shape in expected.items():
        _expect(sd, name, shape)
    extra = sorted(set(sd) - set(expected))
    if extra:
        raise ConversionError(f"{len(extra)} unexpected tensor(s), e.g. {', '.join(extra[:5])}; "
                              "this layout is not an OpenAI-style CLIP ViT")


def validate_adapter(adapter: dict[str, torch.Tensor], s: Backbone) -> None:
    """Check LoRA and CPE names and shapes: one rank, both halves of every pair, CPE [1, f, 1, D]."""
    ranks = set()
    for name, tensor in adapter.items():
        if m := LORA_PATTERN.match(name):
            d, layers = (s.visual_width, s.visual_layers) if m.group(1) else (s.text_width, s.text_layers)
            if int(m.group(2)) >= layers:
                raise ConversionError(f"`{name}`: block {m.group(2)} does not exist")
            if tensor.ndim != 2:
                raise ConversionError(f"`{name}` has shape {list(tensor.shape)}, expected a matrix")
            rank = tensor.shape[0] if m.group(3) == "a" else tensor.shape[1]
            _expect(adapter, name, [rank, d] if m.group(3) == "a" else [3 * d, rank])
            ranks.add(rank)
        elif m := CPE_PATTERN.match(name):
            if int(m.group(1)) >= s.visual_layers:
                raise ConversionError(f"`{name}`: block {m.group(1)} does not exist")
            if tensor.ndim != 4 or tensor.shape[0] != 1 or tensor.shape[1] < 1 or tensor.shape[2] != 1 \
                    or tensor.shape[3] != s.visual_width:
                raise ConversionError(f"`{name}` has shape {list(tensor.shape)}, expected [1, f, 1, {s.visual_width}]")
        else:
            raise ConversionError(f"unknown adapter tensor `{name}`")
    if len(ranks) > 1:
        raise ConversionError(f"LoRA ranks differ between blocks: {sorted(ranks)}")
    pairs = {n.rsplit("_", 1)[0] for n in adapter if LORA_PATTERN.match(n)}
    for stem in pairs:
        for half in ("a", "b"):
            if f"{stem}_{half}" not in adapter:
                raise ConversionError(f"`{stem}_{half}` is missing (LoRA needs both halves)")


MODEL_FILES = ("clip.safetensors", "adapter.safetensors", "config.json")


def write(result: Converted, out_dir: Path, force: bool = False) -> list[Path]:
    """Write clip.safetensors, adapter.safetensors (if any) and config.json; with `force`, drop a stale adapter."""
    out_dir.mkdir(parents=True, exist_ok=True)
    existing = [out_dir / name for name in MODEL_FILES if (out_dir / name).exists()]
    if existing and not force:
        raise ConversionError(f"{existing[0]} exists; pass --force to overwrite")
    staging = out_dir / ".convert-staging"
    staging.mkdir(exist_ok=True)
    save_file(result.backbone, str(staging / "clip.safetensors"))
    if result.adapter:
        save_file(result.adapter, str(staging / "adapter.safetensors"))
    write_config(staging, result.config)
    (out_dir / "adapter.safetensors").unlink(missing_ok=True)
    written = []
    for name in MODEL_FILES:  # config.json last: a directory with it is complete
        if (staging / name).exists():
            (staging / name).replace(out_dir / name)
            written.append(out_dir / name)
    staging.rmdir()
    return written


def summary(result: Converted) -> str:
    """Human-readable description of what was converted."""
    c, s = result.config, result.shape
    count = lambda d: sum(x.numel() for x in d.values())  # noqa: E731
    cpe = ", ".join(f"layer {layer}: {clips} clips" for layer, clips in c["cpe_clips"].items()) or "none"
    lines = [
        f"layout     {result.layout}",
        f"backbone   {backbone_name(s)}  (vision {s.visual_width}w x {s.visual_layers}L, patch {s.patch_size}, "
        f"image {s.image_size}; text {s.text_width}w x {s.text_layers}L; embed {s.embed_dim})",
        f"tensors    {len(result.backbone)} backbone ({count(result.backbone) / 1e6:.2f}M params), "
        f"{len(result.adapter)} adapter ({count(result.adapter) / 1e6:.3f}M params)",
        f"lora rank  {c['lora_rank'] or 'none'}",
        f"cpe        {cpe}",
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
