"""Text-to-video retrieval metrics, analytic GFLOPs and measured throughput of a model directory."""
from __future__ import annotations

import time

import numpy as np
import torch

from .data import FrameCache, Item, normalize
from .flops import video_cost
from .merge import MergeSchedule
from .model import CLIP
from .progress import Progress


def retrieval_metrics(similarity: np.ndarray, text_video: np.ndarray) -> dict:
    """R@1/5/10 (percent), R-sum, median and mean rank (1-based) for texts [T] against videos [V]."""
    target = similarity[np.arange(len(text_video)), text_video]
    ranks = (similarity > target[:, None]).sum(axis=1) + 1
    recall = {k: float(100 * np.mean(ranks <= k)) for k in (1, 5, 10)}
    return {"R@1": recall[1], "R@5": recall[5], "R@10": recall[10], "R-sum": sum(recall.values()),
            "MdR": float(np.median(ranks)), "MnR": float(np.mean(ranks)), "queries": int(len(ranks))}


@torch.inference_mode()
def encode_videos(model: CLIP, items: list[Item], cache: FrameCache, mode: str, schedule: MergeSchedule,
                  batch: int = 8, label: str = "videos") -> tuple[np.ndarray, float]:
    """Unit embeddings [V, E] and videos/s of the encoder alone (decoding excluded)."""
    frames = [cache.get(item.video) for item in items]
    out, seconds = [], 0.0
    for start in Progress(range(0, len(items), batch), label):
        x = normalize(np.stack(frames[start:start + batch]))
        t = time.perf_counter()
        out.append(model.encode_video(x, mode, schedule))
        seconds += time.perf_counter() - t
    return torch.cat(out).numpy(), len(items) / seconds


@torch.inference_mode()
def encode_texts(model: CLIP, tokenizer, captions: list[str], max_words: int) -> np.ndarray:
    """Unit text embeddings [T, E]."""
    ids = torch.tensor([tokenizer.encode(c, max_words) for c in captions], dtype=torch.long)
    return torch.cat([model.encode_text(ids[i:i + 256]) for i in range(0, len(ids), 256)]).numpy()


def video_gflops(model: CLIP, mode: str, schedule: MergeSchedule, frames: int) -> float:
    """Multiply-adds of one video forward (spec counting, training/flops.py), in G."""
    return video_cost(model.shape, mode, schedule, frames).macs / 1e9


def evaluate(model: CLIP, tokenizer, items: list[Item], cache: FrameCache, mode: str, schedule: MergeSchedule,
             max_words: int, batch: int = 8) -> dict:
    """Every caption of every item queries all videos; metrics plus GFLOPs and videos/s."""
    model.eval()
    videos, per_s = encode_videos(model, items, cache, mode, schedule, batch, f"encode {mode}")
    captions = [c for item in items for c in item.captions]
    owner = np.array([i for i, item in enumerate(items) for _ in item.captions])
    texts = encode_texts(model, tokenizer, captions, max_words)
    result = retrieval_metrics(texts @ videos.T, owner)
    result.update({"mode": mode, "GFLOPs": round(video_gflops(model, mode, schedule, cache.frames), 3),
                   "videos_per_s": round(per_s, 2)})
    return result
