"""Differentiable TempMe CLIP in PyTorch, written from docs/tempme-spec.md (sections 1, 2, 5, 7).

Parameter names are OpenAI CLIP's state-dict names, plus the adapter names the daemon loads:
`…attn.TVPt_LoRA_a` [r, D], `…attn.TVPt_LoRA_b` [3D, r] on every block of both towers and
`visual.transformer.resblocks.{l}.TVPt_Video_Positional_embedding` [1, f, 1, D] on merge layers.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn

from .merge import MergeSchedule, bipartite_merge, merge_count, regroup

HEAD_DIM = 64
MODES = ("lora", "tome", "tempme")


@dataclass(frozen=True)
class Backbone:
    """CLIP ViT dimensions (both towers); widths are multiples of the 64-wide heads."""

    visual_width: int = 768
    visual_layers: int = 12
    patch_size: int = 32
    image_size: int = 224
    embed_dim: int = 512
    text_width: int = 512
    text_layers: int = 12
    context_length: int = 77
    vocab_size: int = 49408

    @staticmethod
    def from_state_dict(sd: dict[str, torch.Tensor]) -> "Backbone":
        """Infer the dimensions from tensor shapes, as the daemon does."""
        conv = sd["visual.conv1.weight"]
        grid = round((sd["visual.positional_embedding"].shape[0] - 1) ** 0.5)
        depth = lambda p: sum(1 for k in sd if k.startswith(p) and k.endswith(".attn.in_proj_weight"))  # noqa: E731
        return Backbone(conv.shape[0], depth("visual.transformer.resblocks."), conv.shape[-1], grid * conv.shape[-1],
                        sd["visual.proj"].shape[1], sd["token_embedding.weight"].shape[1],
                        depth("transformer.resblocks."), sd["positional_embedding"].shape[0],
                        sd["token_embedding.weight"].shape[0])

    def as_config(self) -> dict:
        """config.json `backbone` object."""
        return asdict(self)


class Attention(nn.Module):
    """Multi-head attention with OpenAI's packed in_proj and optional LoRA on it (no extra scale)."""

    def __init__(self, width: int):
        super().__init__()
        self.width, self.heads = width, width // HEAD_DIM
        self.in_proj_weight = nn.Parameter(torch.empty(3 * width, width))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * width))
        self.out_proj = nn.Linear(width, width)
        self.TVPt_LoRA_a: nn.Parameter | None = None
        self.TVPt_LoRA_b: nn.Parameter | None = None

    def add_lora(self, rank: int, generator: torch.Generator) -> None:
        """LoRA pair: a ~ kaiming-uniform, b = 0, so training starts at the backbone."""
        bound = 1 / math.sqrt(self.width)
        self.TVPt_LoRA_a = nn.Parameter((torch.rand(rank, self.width, generator=generator) * 2 - 1) * bound)
        self.TVPt_LoRA_b = nn.Parameter(torch.zeros(3 * self.width, rank))

    def qkv_weight(self) -> torch.Tensor:
        """in_proj_weight + TVPt_LoRA_b @ TVPt_LoRA_a (or in_proj_weight without LoRA)."""
        if self.TVPt_LoRA_a is None or self.TVPt_LoRA_b is None:
            return self.in_proj_weight
        return self.in_proj_weight + self.TVPt_LoRA_b @ self.TVPt_LoRA_a

    def forward(self, h: torch.Tensor, bias: torch.Tensor | None) -> tuple[torch.Tensor, torch.Tensor]:
        """h = ln_1(x) [B, n, D]; bias broadcasts to [B, heads, n, n]. Returns (out, key metric [B, n, 64])."""
        b, n, _ = h.shape
        qkv = F.linear(h, self.qkv_weight(), self.in_proj_bias)
        q, k, v = qkv.view(b, n, 3, self.heads, HEAD_DIM).permute(2, 0, 3, 1, 4).unbind(0)
        logits = (q * HEAD_DIM ** -0.5) @ k.transpose(-2, -1)
        if bias is not None:
            logits = logits + bias
        out = (logits.softmax(dim=-1) @ v).transpose(1, 2).reshape(b, n, self.width)
        return self.out_proj(out), k.mean(dim=1)


class MLP(nn.Module):
    """c_proj(QuickGELU(c_fc(x)))."""

    def __init__(self, width: int):
        super().__init__()
        self.c_fc = nn.Linear(width, 4 * width)
        self.c_proj = nn.Linear(4 * width, width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.c_fc(x)
        return self.c_proj(h * torch.sigmoid(1.702 * h))


class Block(nn.Module):
    """Residual attention block; visual merge layers also own a clip positional embedding."""

    def __init__(self, width: int):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width)
        self.attn = Attention(width)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = MLP(width)
        self.TVPt_Video_Positional_embedding: nn.Parameter | None = None


def _blocks(width: int, layers: int) -> nn.Module:
    transformer = nn.Module()
    transformer.resblocks = nn.ModuleList(Block(width) for _ in range(layers))
    return transformer


class VisualTower(nn.Module):
    """CLIP ViT image tower run over video frames in lora, tome or tempme mode."""

    def __init__(self, s: Backbone):
        super().__init__()
        d, grid = s.visual_width, s.image_size // s.patch_size
        self.width = d
        self.conv1 = nn.Conv2d(3, d, s.patch_size, s.patch_size, bias=False)
        self.class_embedding = nn.Parameter(torch.empty(d))
        self.positional_embedding = nn.Parameter(torch.empty(grid * grid + 1, d))
        self.ln_pre = nn.LayerNorm(d)
        self.transformer = _blocks(d, s.visual_layers)
        self.ln_post = nn.LayerNorm(d)
        self.proj = nn.Parameter(torch.empty(d, s.embed_dim))

    def embed(self, frames: torch.Tensor) -> torch.Tensor:
        """[clips, 3, H, W] -> [clips, N0, D]: patches, CLS, positions, ln_pre."""
        x = self.conv1(frames).flatten(2).transpose(1, 2)
        cls = self.class_embedding.expand(x.shape[0], 1, -1)
        return self.ln_pre(torch.cat([cls, x], dim=1) + self.positional_embedding)

    def forward(self, frames: torch.Tensor, mode: str, schedule: MergeSchedule) -> tuple[torch.Tensor, list[int]]:
        """[videos, F, 3, H, W] -> (normalized embeddings [videos, E], [clips, tokens] per video at the end)."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; expected one of {MODES}")
        videos, frame_count = frames.shape[:2]
        schedule.check(mode, frame_count)
        x = self.embed(frames.reshape(videos * frame_count, *frames.shape[2:]))
        size = torch.ones(x.shape[:2], device=x.device)
        c, clips = 1, frame_count
        groups = dict(zip(schedule.merge_layers, schedule.group_sizes))
        for layer, block in enumerate(self.transformer.resblocks):
            kind = block_kind(mode, layer, schedule)
            if kind == "clip" and clips > 1 and groups[layer] > 1:
                x, size, c, clips = self._cross_clip(block, x, size, c, clips, groups[layer], schedule)
            bias = None if mode == "lora" else size.log()[:, None, None, :]
            out, metric = block.attn(block.ln_1(x), bias)
            x = x + out
            if kind == "img":
                x, size = bipartite_merge(x, size, metric, schedule.r_img, c)
            elif kind in ("clip", "intra"):
                x, size = bipartite_merge(x, size, metric, merge_count(x.shape[1], c, schedule.merged_pct_intra), c)
            x = x + block.mlp(block.ln_2(x))
        cls = self.ln_post(x[:, :c].reshape(videos, frame_count, self.width))
        feats = F.normalize(cls @ self.proj, dim=-1)
        return F.normalize(feats.mean(dim=1), dim=-1), [clips, x.shape[1]]

    @staticmethod
    def _cross_clip(block, x, size, c, clips, g, schedule):
        """ClipMe steps 1-2: regroup g clips, take the metric, add CPE, merge m0 tokens."""
        if clips % g:
            raise ValueError(f"{clips} clips cannot be grouped by {g}")
        total, n, d = x.shape
        x, size = regroup(x, c, g), regroup(size[..., None], c, g)[..., 0]
        new_c, new_clips = c * g, clips // g
        m0 = merge_count(x.shape[1], new_c, schedule.merged_pct_cross)
        if m0 <= 0:
            return x, size, new_c, new_clips
        metric = x.detach()
        cpe = block.TVPt_Video_Positional_embedding
        if schedule.cpe and cpe is not None:
            if cpe.shape[1] != clips:
                raise ValueError(f"clip positional embedding has {cpe.shape[1]} clips, block receives {clips}")
            per_token = cpe[0, :, 0, :][:, None, :].expand(clips, n, d).repeat(total // clips, 1, 1)
            x = x + regroup(per_token, c, g)
        x, size = bipartite_merge(x, size, metric, m0, new_c)
        return x, size, new_c, new_clips


def block_kind(mode: str, layer: int, schedule: MergeSchedule) -> str:
    """What a visual block merges: plain, img, clip or intra."""
    if mode == "lora":
        return "plain"
    if mode == "tome" or layer < min(schedule.merge_layers):
        return "img"
    return "clip" if layer in schedule.merge_layers else "intra"


class CLIP(nn.Module):
    """OpenAI-layout CLIP with TempMe's adapters; `encode_video` / `encode_text` give unit vectors."""

    def __init__(self, s: Backbone):
        super().__init__()
        self.shape = s
        self.visual = VisualTower(s)
        self.token_embedding = nn.Embedding(s.vocab_size, s.text_width)
        self.positional_embedding = nn.Parameter(torch.empty(s.context_length, s.text_width))
        self.transformer = _blocks(s.text_width, s.text_layers)
        self.ln_final = nn.LayerNorm(s.text_width)
        self.text_projection = nn.Parameter(torch.empty(s.text_width, s.embed_dim))
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

    def initialize(self, seed: int) -> None:
        """CLIP's initialisation (normal, std scaled by width and depth), from a seeded generator."""
        g = torch.Generator().manual_seed(seed)
        normal = lambda t, std: t.data.copy_(torch.randn(t.shape, generator=g) * std)  # noqa: E731
        for tower, width, layers in ((self.visual, self.shape.visual_width, self.shape.visual_layers),
                                     (self, self.shape.text_width, self.shape.text_layers)):
            proj_std, attn_std, fc_std = (width ** -0.5) * ((2 * layers) ** -0.5), width ** -0.5, (2 * width) ** -0.5
            for block in tower.transformer.resblocks:
                normal(block.attn.in_proj_weight, attn_std)
                normal(block.attn.out_proj.weight, proj_std)
                normal(block.mlp.c_fc.weight, fc_std)
                normal(block.mlp.c_proj.weight, proj_std)
                for bias in (block.attn.in_proj_bias, block.attn.out_proj.bias, block.mlp.c_fc.bias, block.mlp.c_proj.bias):
                    bias.data.zero_()
        v = self.visual
        normal(v.conv1.weight, (3 * self.shape.patch_size ** 2) ** -0.5)
        normal(v.class_embedding, self.shape.visual_width ** -0.5)
        normal(v.positional_embedding, self.shape.visual_width ** -0.5)
        normal(v.proj, self.shape.visual_width ** -0.5)
        normal(self.token_embedding.weight, 0.02)
        normal(self.positional_embedding, 0.01)
        normal(self.text_projection, self.shape.text_width ** -0.5)

    def add_adapters(self, rank: int, cpe_clips: dict[int, int], seed: int = 0) -> None:
        """LoRA (rank r) on every block of both towers and zero-initialised CPE [1, f, 1, D] per merge layer."""
        g = torch.Generator().manual_seed(seed + 1)
        for block in list(self.visual.transformer.resblocks) + list(self.transformer.resblocks):
            block.attn.add_lora(rank, g)
        for layer, clips in cpe_clips.items():
            block = self.visual.transformer.resblocks[layer]
            block.TVPt_Video_Positional_embedding = nn.Parameter(torch.zeros(1, clips, 1, self.shape.visual_width))

    def encode_video(self, frames: torch.Tensor, mode: str, schedule: MergeSchedule) -> torch.Tensor:
        """[videos, F, 3, H, W] normalized pixels -> unit embeddings [videos, E]."""
        return self.visual(frames, mode, schedule)[0]

    def encode_text(self, ids: torch.Tensor) -> torch.Tensor:
        """Token ids [B, L] -> unit embeddings [B, E]; causal mask that also hides keys after EOT."""
        b, length = ids.shape
        x = self.token_embedding(ids) + self.positional_embedding[:length]
        eot = ids.argmax(dim=-1)
        pos = torch.arange(length, device=ids.device)
        visible = (pos[None, None, :] <= pos[None, :, None]) & (pos[None, None, :] <= eot[:, None, None])
        bias = torch.zeros(visible.shape, device=ids.device).masked_fill(~visible, float("-inf"))[:, None]
        for block in self.transformer.resblocks:
            x = x + block.attn(block.ln_1(x), bias)[0]
            x = x + block.mlp(block.ln_2(x))
        feat = self.ln_final(x[torch.arange(b, device=ids.device), eot])
        return F.normalize(feat @ self.text_projection, dim=-1)

    # ------------------------------------------------------------ state dicts

    def backbone_state(self) -> dict[str, torch.Tensor]:
        """Backbone tensors only (clip.safetensors), OpenAI names."""
        return {k: v.detach() for k, v in self.state_dict().items() if "TVPt_" not in k}

    def adapter_state(self) -> dict[str, torch.Tensor]:
        """Adapter tensors only (adapter.safetensors)."""
        return {k: v.detach() for k, v in self.state_dict().items() if "TVPt_" in k}

    @staticmethod
    def from_state_dict(sd: dict[str, torch.Tensor]) -> "CLIP":
        """Build a model whose shape and adapters follow the tensors; loads them (strict)."""
        model = CLIP(Backbone.from_state_dict(sd))
        lora = {k: v for k, v in sd.items() if k.endswith("TVPt_LoRA_a")}
        if lora:
            model.add_adapters(next(iter(lora.values())).shape[0], {})
        for k, v in sd.items():
            if k.endswith("TVPt_Video_Positional_embedding"):
                layer = int(k.split(".")[3])
                model.visual.transformer.resblocks[layer].TVPt_Video_Positional_embedding = nn.Parameter(torch.zeros(v.shape))
        model.load_state_dict({k: v.float() for k, v in sd.items()}, strict=not lora or _complete_lora(model, sd))
        return model


def _complete_lora(model: CLIP, sd: dict) -> bool:
    """True when `sd` has a LoRA pair for every block (otherwise missing pairs stay at their zero init)."""
    return all(k in sd for k in model.state_dict() if "TVPt_LoRA" in k)
