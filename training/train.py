"""Training loop: CLIP pretraining (all weights) or TempMe fine-tuning (LoRA on both towers + CPE).

Recipe (paper): AdamW, lr 6e-4, weight decay 0.2, cosine schedule with 10 % linear warm-up, symmetric
InfoNCE on CLIP's logit scale. Data order is a pure function of (seed, epoch), so a run resumed from
`checkpoint.pt` continues exactly where it stopped.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from .checkpoint import export_model_dir, load_model_dir, schedule_from_config
from .data import FrameCache, Item, normalize
from .merge import MergeSchedule
from .model import CLIP, MODES, Backbone
from .progress import Progress


@dataclass
class TrainConfig:
    """Everything a run depends on (saved in its checkpoint and config.json)."""

    stage: str = "finetune"            # "finetune" (LoRA + CPE on a frozen backbone) or "pretrain" (all weights)
    mode: str = "tempme"               # encoder mode used in training and written to config.json
    frames: int = 12
    train_frames: int | None = None    # frames actually fed while training (evenly chosen); None = frames
    max_words: int = 32
    batch_size: int = 32
    epochs: int = 5
    lr: float = 6e-4
    weight_decay: float = 0.2
    warmup: float = 0.1
    lora_rank: int = 8
    seed: int = 0
    group_batches: bool = False        # keep items of one manifest `group` together in a batch (hard negatives)
    checkpoint_every: int = 0          # steps between checkpoints; 0 = at the end of every epoch
    max_steps: int | None = None       # stop (after checkpointing) once this many steps are done
    threads: int | None = None
    export_dtype: str = "float32"
    backbone: dict = field(default_factory=dict)  # pretrain only: Backbone fields
    schedule: dict = field(default_factory=dict)  # merge schedule overrides (MergeSchedule fields)


def contrastive_loss(video: torch.Tensor, text: torch.Tensor, logit_scale: torch.Tensor) -> torch.Tensor:
    """Symmetric InfoNCE: mean of video->text and text->video cross-entropy, logits scaled by exp(s) <= 100."""
    logits = logit_scale.exp().clamp(max=100) * video @ text.t()
    target = torch.arange(video.shape[0], device=video.device)
    return (F.cross_entropy(logits, target) + F.cross_entropy(logits.t(), target)) / 2


def cosine_with_warmup(total: int, warmup: float):
    """LambdaLR factor: linear warm-up over `warmup` of the steps, then cosine to zero."""
    warm = max(1, int(total * warmup))

    def factor(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        return 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warm) / max(1, total - warm))))
    return factor


class Trainer:
    """Builds the model, caches frames, runs epochs with checkpoints and exports the model directory."""

    def __init__(self, config: TrainConfig, items: list[Item], out_dir: Path, tokenizer, init_dir: Path | None = None,
                 cache_dir: Path | None = None, log=print):
        if config.stage not in ("pretrain", "finetune") or config.mode not in MODES:
            raise ValueError(f"stage must be pretrain|finetune and mode one of {MODES}")
        if config.threads:
            torch.set_num_threads(config.threads)
        self.config, self.items, self.out_dir, self.log = config, items, Path(out_dir), log
        self.out_dir.mkdir(parents=True, exist_ok=True)
        torch.manual_seed(config.seed)
        self.model, self.base_config = self._build(init_dir)
        self.schedule = self._schedule()
        self.schedule.check(config.mode, config.frames)
        if config.stage == "finetune":
            cpe = self.schedule.cpe_clips(config.frames) if config.mode == "tempme" and self.schedule.cpe else {}
            self.model.add_adapters(config.lora_rank, cpe, config.seed)
            for name, p in self.model.named_parameters():
                p.requires_grad_("TVPt_" in name)
        self.params = [p for p in self.model.parameters() if p.requires_grad]
        self.ids = [[tokenizer.encode(c, config.max_words) for c in item.captions] for item in items]
        self.cache = FrameCache(cache_dir or self.out_dir / "frames", config.frames, self.model.shape.image_size)
        self.steps_per_epoch = max(1, len(items) // config.batch_size)
        self.total_steps = self.steps_per_epoch * config.epochs
        decay = [p for p in self.params if p.ndim >= 2]
        no_decay = [p for p in self.params if p.ndim < 2]
        self.optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": config.weight_decay},
                                            {"params": no_decay, "weight_decay": 0.0}], lr=config.lr)
        self.scheduler = torch.optim.lr_scheduler.LambdaLR(self.optimizer, cosine_with_warmup(self.total_steps, config.warmup))
        self.step = 0
        self.history: list[dict] = []

    def _build(self, init_dir: Path | None) -> tuple[CLIP, dict]:
        if init_dir is not None:
            model, cfg = load_model_dir(init_dir, with_adapter=False)
            return model, cfg
        if self.config.stage == "finetune":
            raise ValueError("fine-tuning needs --init (a model directory with clip.safetensors)")
        model = CLIP(Backbone(**self.config.backbone))
        model.initialize(self.config.seed)
        return model, {}

    def _schedule(self) -> MergeSchedule:
        base = asdict(schedule_from_config(self.base_config, self.model.shape.visual_layers, self.config.frames))
        base["cpe"] = True  # a backbone-only config says cpe false; training TempMe learns CPE unless told not to
        return MergeSchedule(**{**base, **{k: tuple(v) if isinstance(v, list) else v
                                             for k, v in self.config.schedule.items()}})

    # ------------------------------------------------------------ data

    def frames_of(self, index: int) -> np.ndarray:
        """Cached uint8 frames of item `index`, reduced to `train_frames` when set."""
        frames = self.cache.get(self.items[index].video)
        k = self.config.train_frames
        if k and k < frames.shape[0]:
            frames = frames[np.floor(np.linspace(0, frames.shape[0] - 1, k)).astype(int)]
        return frames

    def prepare(self) -> None:
        """Decode and cache every video once (with a progress bar)."""
        for index in Progress(range(len(self.items)), "frames"):
            self.cache.get(self.items[index].video)

    def batches(self, epoch: int):
        """Deterministic batches of epoch `epoch`: (item indices, caption ids [B, L])."""
        rng = np.random.default_rng([self.config.seed, epoch])
        order = self._grouped_order(rng) if self.config.group_batches else rng.permutation(len(self.items))
        picks = rng.integers(0, 1 << 30, len(self.items))
        b = self.config.batch_size
        for s in range(self.steps_per_epoch):
            idx = order[s * b:(s + 1) * b]
            ids = [self.ids[i][picks[i] % len(self.ids[i])] for i in idx]
            yield idx, torch.tensor(ids, dtype=torch.long)

    def _grouped_order(self, rng: np.random.Generator) -> np.ndarray:
        """A shuffle of whole groups (an item without a group is its own), members in manifest order."""
        groups: dict[str, list[int]] = {}
        for index, item in enumerate(self.items):
            groups.setdefault(item.group if item.group is not None else f"#{index}", []).append(index)
        members = list(groups.values())
        return np.array([i for g in rng.permutation(len(members)) for i in members[g]])

    # ------------------------------------------------------------ loop

    def train(self) -> list[dict]:
        """Run (or continue) training to the configured number of epochs; returns per-step history."""
        self.model.train()
        while self.step < self.total_steps:
            epoch, skip = divmod(self.step, self.steps_per_epoch)
            bar = Progress(list(self.batches(epoch))[skip:], f"epoch {epoch + 1}/{self.config.epochs}")
            for idx, ids in bar:
                loss = self.train_step(idx, ids)
                bar.set(loss=loss, lr=self.scheduler.get_last_lr()[0])
                if self._should_checkpoint():
                    self.save_checkpoint()
                if self.config.max_steps is not None and self.step >= self.config.max_steps:
                    self.save_checkpoint()
                    return self.history
        self.save_checkpoint()
        return self.history

    def train_step(self, idx, ids: torch.Tensor) -> float:
        """One optimizer step on a batch; returns the loss."""
        frames = normalize(np.stack([self.frames_of(i) for i in idx]))
        video = self.model.encode_video(frames, self.config.mode, self.schedule)
        text = self.model.encode_text(ids)
        loss = contrastive_loss(video, text, self.model.logit_scale)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        self.scheduler.step()
        self.step += 1
        value = float(loss.detach())
        self.history.append({"step": self.step, "loss": value})
        return value

    def _should_checkpoint(self) -> bool:
        every = self.config.checkpoint_every or self.steps_per_epoch
        return self.step % every == 0 and self.step < self.total_steps

    # ------------------------------------------------------------ state

    @property
    def checkpoint_path(self) -> Path:
        return self.out_dir / "checkpoint.pt"

    def save_checkpoint(self) -> None:
        """Trainable tensors, optimizer, scheduler, step and config, written atomically."""
        state = {"trainable": {n: p.detach().clone() for n, p in self.model.named_parameters() if p.requires_grad},
                 "optimizer": self.optimizer.state_dict(), "scheduler": self.scheduler.state_dict(),
                 "step": self.step, "history": self.history, "config": asdict(self.config)}
        tmp = self.checkpoint_path.with_suffix(".tmp")
        torch.save(state, tmp)
        tmp.replace(self.checkpoint_path)

    def resume(self) -> bool:
        """Load `checkpoint.pt` if present (same config required); True when resumed."""
        if not self.checkpoint_path.is_file():
            return False
        state = torch.load(self.checkpoint_path, map_location="cpu", weights_only=False)
        free = ("max_steps", "threads", "checkpoint_every")  # may change between a run and its resume
        saved = {k: v for k, v in state["config"].items() if k not in free}
        mine = {k: v for k, v in asdict(self.config).items() if k not in free}
        if saved != mine:
            diff = sorted(k for k in mine if saved.get(k) != mine[k])
            raise ValueError(f"{self.checkpoint_path} was written with different settings ({', '.join(diff)}); "
                             "use another --out or the same settings")
        params = dict(self.model.named_parameters())
        with torch.no_grad():
            for name, tensor in state["trainable"].items():
                params[name].copy_(tensor)
        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        self.step, self.history = state["step"], state["history"]
        self.log(f"resumed from {self.checkpoint_path} at step {self.step}/{self.total_steps}")
        return True

    def export(self, directory: Path | None = None) -> list[Path]:
        """Write the model directory the daemon loads (backbone + adapter + config.json)."""
        dtype = getattr(torch, self.config.export_dtype)
        target = Path(directory or self.out_dir / "model")
        extra = {"training": {"stage": self.config.stage, "steps": self.step, "epochs": self.config.epochs,
                              "batch_size": self.config.batch_size, "lr": self.config.lr, "seed": self.config.seed,
                              "final_loss": self.history[-1]["loss"] if self.history else None}}
        files = export_model_dir(self.model, target, self.config.mode, self.config.frames, self.config.max_words,
                                 self.schedule, dtype, extra=extra)
        (target / "history.json").write_text(json.dumps(self.history) + "\n")
        return files
