"""Dataset manifests (plain JSONL, CLIP4Clip's MSRVTT layout) and video frames as spec section 4 samples them.

JSONL: one object per line, `{"video": "path.mp4", "captions": ["...", ...]}` (or `"caption": "..."`),
optionally `"group": "..."` (videos that are each other's hard negatives, e.g. the synthetic benchmark's
time-reversed twins; `train --group-batches` keeps a group in one batch); relative paths are relative to
the manifest's directory.
MSRVTT (CLIP4Clip): `MSRVTT_train.9k.csv` (column `video_id`) + `MSRVTT_data.json` (`sentences`) for
training, `MSRVTT_JSFUSION_test.csv` (columns `video_id`, `sentence`) for the 1k-A test; videos are
`{video_dir}/{video_id}.mp4`.
"""
from __future__ import annotations

import csv
import hashlib
import json
import math
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

MEAN = np.array([0.48145466, 0.4578275, 0.40821073], np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], np.float32)


class DataError(Exception):
    """A manifest or video that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Item:
    """One video and its captions."""

    video: Path
    captions: tuple[str, ...]
    group: str | None = None


def read_jsonl(path: Path) -> list[Item]:
    """Items of a JSONL manifest; relative video paths resolve against the manifest's folder."""
    items = []
    for number, line in enumerate(Path(path).read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataError(f"{path}:{number}: not JSON ({error})") from error
        captions = row.get("captions", [row["caption"]] if "caption" in row else [])
        if "video" not in row or not captions or not all(isinstance(c, str) for c in captions):
            raise DataError(f"{path}:{number}: needs \"video\" and \"captions\" (a non-empty list of strings)")
        group = row.get("group")
        if group is not None and not isinstance(group, (str, int)):
            raise DataError(f"{path}:{number}: \"group\" must be a string or an integer")
        video = Path(row["video"])
        items.append(Item(video if video.is_absolute() else Path(path).parent / video, tuple(captions),
                          None if group is None else str(group)))
    if not items:
        raise DataError(f"{path}: no items")
    return items


def read_msrvtt(csv_path: Path, video_dir: Path, data_json: Path | None = None) -> list[Item]:
    """MSRVTT in CLIP4Clip's layout: train csv + data json (all captions), or the JSFUSION test csv."""
    with open(csv_path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows or "video_id" not in rows[0]:
        raise DataError(f"{csv_path}: expected a csv with a video_id column")
    if "sentence" in rows[0]:
        return [Item(Path(video_dir) / f"{r['video_id']}.mp4", (r["sentence"],)) for r in rows]
    if data_json is None:
        raise DataError(f"{csv_path} lists training videos; pass MSRVTT_data.json for their captions")
    captions: dict[str, list[str]] = {}
    for s in json.loads(Path(data_json).read_text())["sentences"]:
        captions.setdefault(s["video_id"], []).append(s["caption"])
    missing = [r["video_id"] for r in rows if r["video_id"] not in captions]
    if missing:
        raise DataError(f"{data_json}: no captions for {len(missing)} videos, e.g. {missing[0]}")
    return [Item(Path(video_dir) / f"{r['video_id']}.mp4", tuple(captions[r["video_id"]])) for r in rows]


def sample_indices(frame_count: int, fps: float, frames: int) -> list[int]:
    """Spec 4: stride round(fps), F of the candidates by floor(linspace), or F frames over the whole video."""
    stride = max(round(fps), 1)
    candidates = list(range(0, frame_count, stride))
    if len(candidates) > frames:
        return [candidates[int(math.floor(i))] for i in np.linspace(0, len(candidates) - 1, frames)]
    if len(candidates) == frames:
        return candidates
    return [int(math.floor(i)) for i in np.linspace(0, frame_count - 1, frames)]


def probe(path: Path) -> tuple[int, float, int, int]:
    """(frame count, average fps, width, height) of the first video stream, via ffprobe."""
    cmd = ["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries",
           "stream=avg_frame_rate,nb_read_packets,width,height", "-of", "json", str(path)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0 or not json.loads(result.stdout or "{}").get("streams"):
        raise DataError(f"{path}: ffprobe found no video stream ({result.stderr.strip()[:200]})")
    s = json.loads(result.stdout)["streams"][0]
    num, _, den = s["avg_frame_rate"].partition("/")
    return int(s["nb_read_packets"]), float(num) / float(den or 1), int(s["width"]), int(s["height"])


def decode_frames(path: Path, frames: int, image: int = 224) -> np.ndarray:
    """[F, image, image, 3] uint8: the sampled frames, resized (shorter side, bicubic) and centre-cropped."""
    from PIL import Image

    count, fps, width, height = probe(path)
    indices = sample_indices(count, fps, frames)
    wanted = sorted(set(indices))
    select = "+".join(f"eq(n\\,{i})" for i in wanted)
    cmd = ["ffmpeg", "-v", "error", "-i", str(path), "-vf", f"select={select}", "-vsync", "0",
           "-f", "rawvideo", "-pix_fmt", "rgb24", "-threads", "1", "-"]
    raw = subprocess.run(cmd, capture_output=True).stdout
    decoded = np.frombuffer(raw, np.uint8)
    got = decoded.size // (width * height * 3)
    if got < len(wanted):
        raise DataError(f"{path}: decoded {got} of {len(wanted)} sampled frames")
    decoded = decoded[:len(wanted) * width * height * 3].reshape(len(wanted), height, width, 3)
    by_index = dict(zip(wanted, decoded))
    out = np.empty((frames, image, image, 3), np.uint8)
    for slot, index in enumerate(indices):
        out[slot] = _resize_crop(Image, by_index[index], image)
    return out


def _resize_crop(Image, rgb: np.ndarray, image: int) -> np.ndarray:
    h, w = rgb.shape[:2]
    if (h, w) != (image, image):
        short, long = min(h, w), max(h, w)
        new_long = math.floor(image * long / short)
        size = (new_long, image) if w >= h else (image, new_long)
        rgb = np.asarray(Image.fromarray(rgb).resize(size, Image.BICUBIC))
        h, w = rgb.shape[:2]
    top, left = round((h - image) / 2), round((w - image) / 2)
    return rgb[top:top + image, left:left + image]


def normalize(frames: np.ndarray | torch.Tensor) -> torch.Tensor:
    """uint8 [..., H, W, 3] -> float32 [..., 3, H, W] with CLIP's mean and std."""
    x = torch.as_tensor(np.asarray(frames)).float() / 255.0
    x = (x - torch.from_numpy(MEAN)) / torch.from_numpy(STD)
    return x.movedim(-1, -3).contiguous()


class FrameCache:
    """Sampled uint8 frames per video, decoded once and kept as .npy files under `root`."""

    def __init__(self, root: Path, frames: int, image: int = 224):
        self.root, self.frames, self.image = Path(root), frames, image
        self.root.mkdir(parents=True, exist_ok=True)

    def get(self, video: Path) -> np.ndarray:
        """The video's sampled frames [F, image, image, 3]."""
        stat = video.stat() if video.is_file() else None
        if stat is None:
            raise DataError(f"{video}: no such video")
        key = hashlib.sha1(f"{video.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{self.frames}|{self.image}".encode()).hexdigest()
        path = self.root / f"{key[:20]}.npy"
        if path.is_file():
            return np.load(path)
        frames = decode_frames(video, self.frames, self.image)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, frames)
        tmp.replace(path)
        return frames
