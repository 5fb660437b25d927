"""Deterministic synthetic text-video benchmark: captions that depend on what happens over time.

Every clip shows one object (shape + colour) moving in a direction, plus a second event in the second
half: another object appears, another object disappears, or the moving object changes colour. The set of
frames of "moves left" equals that of "moves right" played backwards (likewise appears/disappears and
red-then-blue/blue-then-red), so an order-blind encoder (mean of per-frame features) cannot tell these
pairs apart; a temporal one can. Every content has exactly one such twin (`reversed_in_time`), and both
splits are made of whole twin pairs, each pair one `group` of the manifest: retrieval on the test split
measures order, and a trainer can put twins in one batch as each other's hard negatives. Clips are
rendered with numpy and encoded to mp4 (libx264) with ffmpeg.
"""
from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

COLOURS = {"red": (220, 40, 40), "green": (40, 190, 60), "blue": (50, 80, 230), "yellow": (235, 215, 40)}
SHAPES = ("circle", "square", "triangle")
DIRECTIONS = ("left", "right", "up", "down")
EVENTS = ("appears", "disappears", "turns")
OPPOSITE = {"left": "right", "right": "left", "up": "down", "down": "up", "appears": "disappears",
            "disappears": "appears", "turns": "turns"}


@dataclass(frozen=True)
class ClipSpec:
    """What one clip shows; `caption` says it in words."""

    colour: str
    shape: str
    direction: str
    event: str
    other_colour: str
    other_shape: str

    @property
    def caption(self) -> str:
        """The clip's caption, e.g. "a red circle moves left then a blue square appears"."""
        head = f"a {self.colour} {self.shape} moves {self.direction}"
        if self.event == "turns":
            return f"{head} then turns {self.other_colour}"
        return f"{head} then a {self.other_colour} {self.other_shape} {self.event}"


def all_specs() -> list[ClipSpec]:
    """Every distinct clip content (4 colours x 3 shapes x 4 directions x events)."""
    specs = []
    for colour in COLOURS:
        for shape in SHAPES:
            for direction in DIRECTIONS:
                for event in EVENTS:
                    for other in COLOURS:
                        if other == colour:
                            continue
                        shapes = (shape,) if event == "turns" else SHAPES
                        specs.extend(ClipSpec(colour, shape, direction, event, other, s) for s in shapes)
    return specs


def reversed_in_time(spec: ClipSpec) -> ClipSpec:
    """The content whose clip is `spec`'s played backwards (same frames, opposite order)."""
    if spec.event == "turns":
        return ClipSpec(spec.other_colour, spec.shape, OPPOSITE[spec.direction], "turns", spec.colour, spec.shape)
    return ClipSpec(spec.colour, spec.shape, OPPOSITE[spec.direction], OPPOSITE[spec.event], spec.other_colour,
                    spec.other_shape)


def twin_pairs() -> list[tuple[ClipSpec, ClipSpec]]:
    """Every content paired with its time-reversed twin, each pair once (504 pairs)."""
    specs = all_specs()
    position = {spec: i for i, spec in enumerate(specs)}
    return [(spec, reversed_in_time(spec)) for i, spec in enumerate(specs) if i < position[reversed_in_time(spec)]]


def _mask(shape: str, grid: np.ndarray, cx: float, cy: float, radius: float) -> np.ndarray:
    dx, dy = grid[1] - cx, grid[0] - cy
    if shape == "circle":
        return dx * dx + dy * dy <= radius * radius
    if shape == "square":
        return (np.abs(dx) <= radius * 0.85) & (np.abs(dy) <= radius * 0.85)
    # upward triangle: apex at the top, base at the bottom
    inside_y = (dy >= -radius) & (dy <= radius * 0.8)
    half_width = (dy + radius) / 1.8 * 1.1
    return inside_y & (np.abs(dx) <= half_width)


def render(spec: ClipSpec, rng: np.random.Generator, frames: int = 24, size: int = 224) -> np.ndarray:
    """[frames, size, size, 3] uint8 frames of one clip; jitter (positions, tint) comes from `rng`."""
    background = np.array([40, 40, 48], np.float32) + rng.uniform(-12, 12, 3).astype(np.float32)
    radius = size * rng.uniform(0.09, 0.12)
    lo, hi = size * 0.2, size * 0.8
    path = np.linspace(lo, hi, frames)
    if spec.direction in ("left", "up"):
        path = path[::-1]
    other_xy = (rng.uniform(size * 0.25, size * 0.75), rng.uniform(size * 0.25, size * 0.75))
    # keep the second object off the mover's line
    if spec.direction in ("left", "right"):
        cross = size * 0.72 if other_xy[1] < size / 2 else size * 0.28
    else:
        cross = size * 0.72 if other_xy[0] < size / 2 else size * 0.28
    half = frames // 2
    grid = np.mgrid[0:size, 0:size].astype(np.float32)
    out = np.empty((frames, size, size, 3), np.uint8)
    for t in range(frames):
        img = np.broadcast_to(background, (size, size, 3)).copy()
        if spec.event in ("appears", "disappears"):
            visible = t >= half if spec.event == "appears" else t < half
            if visible:
                img[_mask(spec.other_shape, grid, *other_xy, radius * 0.9)] = COLOURS[spec.other_colour]
        cx, cy = (path[t], cross) if spec.direction in ("left", "right") else (cross, path[t])
        colour = spec.other_colour if spec.event == "turns" and t >= half else spec.colour
        img[_mask(spec.shape, grid, cx, cy, radius)] = COLOURS[colour]
        out[t] = img.astype(np.uint8)
    return out


def encode_mp4(frames: np.ndarray, path: Path, fps: int) -> None:
    """Encode [T, H, W, 3] uint8 RGB frames to an H.264 mp4 with the ffmpeg CLI."""
    t, h, w, _ = frames.shape
    cmd = ["ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}",
           "-r", str(fps), "-i", "-", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
           "-pix_fmt", "yuv420p", "-threads", "1", str(path)]
    subprocess.run(cmd, input=frames.tobytes(), check=True)


def generate(out_dir: Path, train: int, test: int, seed: int = 0, frames: int = 24, fps: int = 8,
             size: int = 224, workers: int = 2) -> dict[str, Path]:
    """Write videos/ and train.jsonl / test.jsonl under `out_dir`; same seed, same bytes of content.

    Both splits are whole twin pairs (so `train` and `test` are even), written as consecutive lines that
    share a `group`; test contents (captions) never occur in training, so retrieval measures generalisation.
    Each clip has its own jitter, so twins are not exact mirror images.
    """
    pairs = twin_pairs()
    if train % 2 or test % 2:
        raise ValueError(f"clips come in time-reversed pairs: --train and --test must be even (got {train}, {test})")
    if train + test > 2 * len(pairs):
        raise ValueError(f"at most {2 * len(pairs)} distinct clips exist; asked for {train + test}")
    order = np.random.default_rng(seed).permutation(len(pairs))
    chosen_pairs = {"test": order[:test // 2], "train": order[test // 2:(test + train) // 2]}
    (out_dir / "videos").mkdir(parents=True, exist_ok=True)

    def make(job: tuple[str, int, int, ClipSpec]) -> str:
        split, index, group, spec = job
        name = f"videos/{split}_{index:04d}.mp4"
        rng = np.random.default_rng([seed, 0 if split == "train" else 1, index])
        encode_mp4(render(spec, rng, frames, size), out_dir / name, fps)
        return json.dumps({"video": name, "captions": [spec.caption], "group": f"{split}-{group:03d}"})

    manifests = {}
    with ThreadPoolExecutor(max(1, workers)) as pool:  # ffmpeg runs outside the GIL
        for split, groups in chosen_pairs.items():
            jobs = [(split, 2 * n + k, int(g), pairs[g][k]) for n, g in enumerate(groups) for k in (0, 1)]
            lines = list(pool.map(make, jobs))
            manifests[split] = out_dir / f"{split}.jsonl"
            manifests[split].write_text("\n".join(lines) + "\n")
    return manifests
