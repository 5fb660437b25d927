"""Independent numpy reference of TempMe (spec: /work/shared/docs/tempme-spec.md)."""

from .merge import MergeResult, bipartite_merge, merge_count, regroup, split_sets
from .model import VideoConfig, default_config, encode_text, encode_video
from .safetensors_io import load_safetensors, save_safetensors
from .weights import SHAPES, Shape, fnv1a64, make_frames, make_tensor, make_weights

__all__ = [
    "MergeResult", "bipartite_merge", "merge_count", "regroup", "split_sets",
    "VideoConfig", "default_config", "encode_text", "encode_video",
    "load_safetensors", "save_safetensors",
    "SHAPES", "Shape", "fnv1a64", "make_frames", "make_tensor", "make_weights",
]
