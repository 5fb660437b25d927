"""Model directories the daemon loads (clip.safetensors, adapter.safetensors, config.json)."""
from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from .merge import MergeSchedule
from .model import CLIP, Backbone


def load_model_dir(directory: Path, with_adapter: bool = True) -> tuple[CLIP, dict]:
    """The model of a directory (adapter included when present and asked for) and its config.json."""
    directory = Path(directory)
    if not (directory / "clip.safetensors").is_file():
        raise FileNotFoundError(f"{directory}/clip.safetensors: not a model directory")
    sd = load_file(str(directory / "clip.safetensors"))
    if with_adapter and (directory / "adapter.safetensors").is_file():
        sd.update(load_file(str(directory / "adapter.safetensors")))
    config_path = directory / "config.json"
    config = json.loads(config_path.read_text()) if config_path.is_file() else {}
    return CLIP.from_state_dict(sd), config


def schedule_from_config(config: dict, layers: int, frames: int = 12) -> MergeSchedule:
    """The merge schedule stored in config.json, or the depth's default."""
    default = MergeSchedule.for_depth(layers, frames)
    return MergeSchedule(config.get("r_img", default.r_img), config.get("merged_pct_cross", default.merged_pct_cross),
                         config.get("merged_pct_intra", default.merged_pct_intra),
                         tuple(config.get("merge_layers", default.merge_layers)),
                         tuple(config.get("group_sizes", default.group_sizes)), bool(config.get("cpe", default.cpe)))


def describe_tensors(shape: Backbone, adapter: dict[str, torch.Tensor]) -> dict:
    """The config.json keys that describe the tensors (`backbone`, `cpe_clips`, `lora_rank`; docs/model-format.md)."""
    cpe = {int(k.split(".")[3]): int(v.shape[1]) for k, v in adapter.items() if k.endswith("TVPt_Video_Positional_embedding")}
    lora = [v for k, v in adapter.items() if k.endswith("TVPt_LoRA_a")]
    return {"backbone": shape.as_config(), "cpe_clips": {str(layer): cpe[layer] for layer in sorted(cpe)},
            "lora_rank": int(lora[0].shape[0]) if lora else 0}


def write_config(directory: Path, config: dict) -> Path:
    """Write config.json (keys and types of docs/model-format.md) into `directory`."""
    path = Path(directory) / "config.json"
    path.write_text(json.dumps(config, indent=2) + "\n")
    return path


def export_model_dir(model: CLIP, directory: Path, mode: str, frames: int, max_words: int, schedule: MergeSchedule,
                     dtype: torch.dtype = torch.float32, backbone: bool = True, extra: dict | None = None) -> list[Path]:
    """Write clip.safetensors (if `backbone`), adapter.safetensors (if any adapter) and config.json."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    cast = lambda d: {k: v.detach().to(dtype).contiguous().clone() for k, v in d.items()}  # noqa: E731
    written = []
    if backbone:
        save_file(cast(model.backbone_state()), str(directory / "clip.safetensors"))
        written.append(directory / "clip.safetensors")
    adapter = model.adapter_state()
    if adapter:
        save_file(cast(adapter), str(directory / "adapter.safetensors"))
        written.append(directory / "adapter.safetensors")
    described = describe_tensors(model.shape, adapter)
    config = {"backbone": described["backbone"], "mode": mode, "frames": frames, "max_words": max_words,
              **schedule.as_config(), "cpe": bool(schedule.cpe and described["cpe_clips"]),
              "cpe_clips": described["cpe_clips"], "lora_rank": described["lora_rank"],
              "dtype": str(dtype).replace("torch.", "")}
    config.update(extra or {})
    written.append(write_config(directory, config))
    return written
