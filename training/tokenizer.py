"""CLIP byte-level BPE tokenizer (spec section 3), reading `bpe_simple_vocab_16e6.txt`.

Cleaning: ftfy `fix_text`, HTML-unescape twice, collapse whitespace, lower-case; CLIP's split regex; BPE
with `</w>` end-of-word markers. `encode` returns SOT + first (max_words - 2) ids + EOT, zero-padded.
"""
from __future__ import annotations

import gzip
import html
from functools import lru_cache
from pathlib import Path

import ftfy
import regex

SOT, EOT = 49406, 49407
SPECIAL = {"<|startoftext|>": SOT, "<|endoftext|>": EOT}
DEFAULT_VOCAB = Path(__file__).resolve().parents[1] / "vocab" / "bpe_simple_vocab_16e6.txt"
SPLIT = regex.compile(r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""",
                      regex.IGNORECASE)


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2/CLIP's reversible byte -> printable character map."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars = keep[:]
    extra = 0
    for b in range(256):
        if b not in keep:
            keep.append(b)
            chars.append(256 + extra)
            extra += 1
    return dict(zip(keep, map(chr, chars)))


def clean(text: str) -> str:
    """CLIP's text cleaning: ftfy, double HTML unescape, whitespace collapse, lower-case."""
    text = html.unescape(html.unescape(ftfy.fix_text(text)))
    return regex.sub(r"\s+", " ", text).strip().lower()


class Tokenizer:
    """CLIP BPE tokenizer: `encode(text, max_words) -> list[int]`."""

    def __init__(self, vocab_path: Path | str = DEFAULT_VOCAB):
        path = Path(vocab_path)
        if not path.is_file():
            raise FileNotFoundError(f"{path}: CLIP vocabulary missing; run scripts/fetch_vocab.sh")
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        merges = [tuple(line.split()) for line in raw.decode("utf-8").split("\n")[1:49152 - 256 - 2 + 1]]
        self.byte_encoder = bytes_to_unicode()
        symbols = list(self.byte_encoder.values())
        symbols += [s + "</w>" for s in symbols] + ["".join(m) for m in merges] + ["<|startoftext|>", "<|endoftext|>"]
        self.ids = {s: i for i, s in enumerate(symbols)}
        self.ranks = {m: i for i, m in enumerate(merges)}
        self._bpe = lru_cache(maxsize=65536)(self._bpe_uncached)

    def _bpe_uncached(self, token: str) -> tuple[str, ...]:
        word = list(token[:-1]) + [token[-1] + "</w>"]
        while len(word) > 1:
            pairs = {(word[i], word[i + 1]) for i in range(len(word) - 1)}
            best = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            merged, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and (word[i], word[i + 1]) == best:
                    merged.append(word[i] + word[i + 1])
                    i += 2
                else:
                    merged.append(word[i])
                    i += 1
            word = merged
        return tuple(word)

    def bpe_ids(self, text: str) -> list[int]:
        """BPE ids of the cleaned text, without SOT/EOT."""
        out = []
        for piece in SPLIT.findall(clean(text)):
            if piece in SPECIAL:
                out.append(SPECIAL[piece])
                continue
            token = "".join(self.byte_encoder[b] for b in piece.encode("utf-8"))
            out.extend(self.ids[s] for s in self._bpe(token))
        return out

    def encode(self, text: str, max_words: int = 32) -> list[int]:
        """SOT + first (max_words - 2) BPE ids + EOT, zero-padded to max_words."""
        ids = [SOT] + self.bpe_ids(text)[:max_words - 2] + [EOT]
        return ids + [0] * (max_words - len(ids))
