#!/usr/bin/env python3
"""Independent reference for TempMeVideo (spec section 4), written from the spec with numpy and Pillow.

Subcommands:
  sampler-golden OUT.json      frame numbers per (frame count, fps, F), numpy float64 linspace + floor
  preprocess-golden OUT.json   Pillow bicubic resize + center crop + CLIP normalize of synthetic frames
  swscale-vs-pil               how far swscale's bicubic (ffmpeg CLI) lands from Pillow, for the record

Needs: pip install numpy pillow (and the ffmpeg CLI for swscale-vs-pil). The outputs are committed,
so the Swift tests need neither Python nor Pillow.
"""
import json
import subprocess
import sys

import numpy as np
from PIL import Image

MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float32)
SIDE = 224


def sample_frames(frame_count, fps, frames):
    """The spec's sampling: stride round(fps) (half to even, >= 1), candidates, floor(linspace)."""
    stride = max(1, round(fps))
    candidates = list(range(0, frame_count, stride))
    if len(candidates) > frames:
        picks = np.floor(np.linspace(0, len(candidates) - 1, frames)).astype(np.int64)
        return [candidates[i] for i in picks]
    if len(candidates) == frames:
        return candidates
    return [int(v) for v in np.floor(np.linspace(0, frame_count - 1, frames)).astype(np.int64)]


def sampler_golden(path):
    counts = [1, 2, 3, 5, 11, 12, 13, 15, 24, 25, 30, 47, 64, 65, 100, 143, 300, 301, 359, 360, 719, 1500,
              1799, 1800, 14386, 36000, 100000]
    rates = [0.5, 1.0, 2.5, 12.5, 13.5, 23.976023976023978, 24.0, 25.0, 29.97002997002997, 30.0, 50.0,
             59.94005994005994, 60.0, 120.0]
    cases = []
    for count in counts:
        for fps in rates:
            for frames in (12, 64):
                cases.append({"frameCount": count, "fps": fps, "frames": frames,
                              "expected": sample_frames(count, fps, frames)})
    for count, fps, frames in [(1, 30.0, 1), (7, 30.0, 1), (300, 30.0, 1), (300, 30.0, 2), (5, 1.0, 7),
                               (1000, 0.4, 12), (1000, 0.6, 12), (97, 1.5, 12), (97, 2.5, 12), (97, 3.5, 12)]:
        cases.append({"frameCount": count, "fps": fps, "frames": frames,
                      "expected": sample_frames(count, fps, frames)})
    with open(path, "w") as out:
        json.dump({"generator": "scripts/reference_preprocess.py sampler-golden", "cases": cases}, out,
                  separators=(",", ":"))


def synthetic_frame(width, height):
    """Integer patterns the Swift test recreates exactly: ramps, xor texture, products (sharp edges)."""
    y, x = np.mgrid[0:height, 0:width].astype(np.int64)
    red = (x * 7 + y * 3) % 256
    green = ((x ^ y) * 5) & 255
    blue = ((x * y) >> 4) & 255
    return np.stack([red, green, blue], axis=-1).astype(np.uint8)


def preprocess(rgb):
    """torchvision Resize(224, BICUBIC) + CenterCrop(224) + ToTensor + Normalize on a PIL image."""
    image = Image.fromarray(rgb, "RGB")
    width, height = image.size
    if width <= height:
        size = (SIDE, int(SIDE * height / width))
    else:
        size = (int(SIDE * width / height), SIDE)
    resized = image.resize(size, Image.BICUBIC)
    left = int(round((size[0] - SIDE) / 2.0))
    top = int(round((size[1] - SIDE) / 2.0))
    crop = np.asarray(resized.crop((left, top, left + SIDE, top + SIDE)), dtype=np.uint8)
    normalized = ((crop.astype(np.float32) / np.float32(255)) - MEAN) / STD
    return crop, normalized.transpose(2, 0, 1)  # channel-major, as the encoder takes it


def sample_positions():
    return [(i * 151 + 7) % (SIDE * SIDE) for i in range(400)]


def preprocess_golden(path):
    sizes = [(320, 240), (240, 320), (853, 480), (1920, 1080), (97, 61), (224, 224), (224, 400), (400, 224),
             (1, 7), (3, 5), (640, 360), (1280, 720), (225, 224), (226, 300), (1000, 31)]
    positions = sample_positions()
    cases = []
    for width, height in sizes:
        crop, _ = preprocess(synthetic_frame(width, height))
        flat = crop.reshape(-1, 3)
        cases.append({
            "width": width, "height": height,
            "channelSums": [int(crop[:, :, c].astype(np.int64).sum()) for c in range(3)],
            "channelSquareSums": [int((crop[:, :, c].astype(np.int64) ** 2).sum()) for c in range(3)],
            "samples": [[int(flat[p, c]) for p in positions] for c in range(3)],
        })
    levels = np.arange(256, dtype=np.uint8).reshape(1, 256, 1).repeat(3, axis=2)
    normalization = ((levels.astype(np.float32) / np.float32(255)) - MEAN) / STD
    with open(path, "w") as out:
        json.dump({"generator": "scripts/reference_preprocess.py preprocess-golden",
                   "positions": positions,
                   "normalization": [[float(v) for v in normalization[0, :, c]] for c in range(3)],
                   "cases": cases}, out, separators=(",", ":"))


def swscale_vs_pil():
    """Resize synthetic and lavfi frames with ffmpeg's bicubic swscale and with Pillow; print the gap."""
    for width, height in [(853, 480), (1920, 1080), (320, 240), (97, 61)]:
        rgb = synthetic_frame(width, height)
        crop, _ = preprocess(rgb)
        if width <= height:
            size = (SIDE, int(SIDE * height / width))
        else:
            size = (int(SIDE * width / height), SIDE)
        scaled = subprocess.run(
            ["ffmpeg", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-i", "-",
             "-vf", f"scale={size[0]}:{size[1]}:flags=bicubic", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
            input=rgb.tobytes(), capture_output=True, check=True).stdout
        image = np.frombuffer(scaled, np.uint8).reshape(size[1], size[0], 3)
        left, top = int(round((size[0] - SIDE) / 2.0)), int(round((size[1] - SIDE) / 2.0))
        sws = image[top:top + SIDE, left:left + SIDE].astype(np.float64) / 255
        diff = np.abs(sws - crop.astype(np.float64) / 255)
        print(f"{width}x{height}: swscale bicubic vs Pillow mean {diff.mean():.5f} max {diff.max():.5f}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "sampler-golden":
        sampler_golden(sys.argv[2])
    elif command == "preprocess-golden":
        preprocess_golden(sys.argv[2])
    elif command == "swscale-vs-pil":
        swscale_vs_pil()
    else:
        sys.exit(__doc__)
