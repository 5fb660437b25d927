"""Long synthetic videos for moment search: captioned clips of the synthetic benchmark played one after another.

Each long video concatenates `clips` distinct clips (content drawn from `twin_pairs()`), each `seconds` long
(its own length, drawn per clip), rendered by `synthetic.render` at `fps` and encoded to one H.264 mp4 by
the ffmpeg CLI. Every clip's caption comes with its true span in seconds, so moment retrieval can be scored.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np

from training.synthetic import render, twin_pairs


def plan(videos: int, seed: int, clips: tuple[int, int], seconds: tuple[float, float], fps: int,
         distinct_colours: bool = False) -> list[list[tuple]]:
    """Per video, its clips as (spec, frame count); contents never repeat inside a video. With `distinct_colours`
    no two clips of a video share the moving object's colour (so at most 4 clips), which makes every caption
    unambiguous within its video even for a weak model."""
    rng = np.random.default_rng([seed, 7])
    specs = [spec for pair in twin_pairs() for spec in pair]
    out = []
    for _ in range(videos):
        count = int(rng.integers(clips[0], clips[1] + 1))
        if distinct_colours:
            colours = rng.permutation(sorted({spec.colour for spec in specs}))[:count]
            chosen = [rng.choice([i for i, spec in enumerate(specs) if spec.colour == colour]) for colour in colours]
        else:
            chosen = rng.choice(len(specs), size=count, replace=False)
        lengths = rng.uniform(seconds[0], seconds[1], size=count)
        out.append([(specs[int(i)], max(2, int(round(length * fps)))) for i, length in zip(chosen, lengths)])
    return out


def write_video(path: Path, clips: list[tuple], fps: int, size: int, seed: int) -> list[dict]:
    """Renders and encodes one long video; returns each clip's caption and [start, end) span in seconds."""
    cmd = ["ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{size}x{size}", "-r", str(fps),
           "-i", "-", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-threads", "1",
           str(path)]
    moments = []
    frame = 0
    with subprocess.Popen(cmd, stdin=subprocess.PIPE) as encoder:
        for index, (spec, frames) in enumerate(clips):
            rng = np.random.default_rng([seed, 11, index])
            encoder.stdin.write(render(spec, rng, frames, size).tobytes())
            moments.append({"caption": spec.caption, "start": frame / fps, "end": (frame + frames) / fps})
            frame += frames
        encoder.stdin.close()
        if encoder.wait() != 0:
            raise RuntimeError(f"ffmpeg failed writing {path}")
    return moments


def generate(out_dir: Path, videos: int, seed: int = 0, clips: tuple[int, int] = (10, 20),
             seconds: tuple[float, float] = (5.0, 9.0), fps: int = 8, size: int = 224, distinct_colours: bool = False) -> Path:
    """Writes out_dir/videos/long_NNNN.mp4 and out_dir/moments.jsonl (one video per line); returns the manifest."""
    (out_dir / "videos").mkdir(parents=True, exist_ok=True)
    lines = []
    for number, clip_list in enumerate(plan(videos, seed, clips, seconds, fps, distinct_colours)):
        name = f"videos/long_{number:04d}.mp4"
        moments = write_video(out_dir / name, clip_list, fps, size, seed * 100_003 + number)
        lines.append(json.dumps({"video": name, "duration": moments[-1]["end"], "moments": moments}))
    manifest = out_dir / "moments.jsonl"
    manifest.write_text("\n".join(lines) + "\n")
    return manifest
