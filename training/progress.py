"""A dependency-free progress bar for long loops (writes to stderr, one line, redrawn in place)."""
from __future__ import annotations

import sys
import time


class Progress:
    """`for x in Progress(items, "train")`; `set(loss=...)` adds fields to the line."""

    def __init__(self, iterable, label: str, total: int | None = None, stream=None, every: float = 0.5):
        self.iterable, self.label = iterable, label
        self.total = total if total is not None else len(iterable)
        self.stream = stream or sys.stderr
        self.every, self.fields, self.done = every, {}, 0
        self.start = self.last = time.monotonic()

    def set(self, **fields) -> None:
        """Fields shown after the bar, e.g. loss=0.42."""
        self.fields.update(fields)

    def __iter__(self):
        for item in self.iterable:
            yield item
            self.done += 1
            now = time.monotonic()
            interval = self.every if self._interactive() else max(self.every, 15.0)
            if now - self.last >= interval or self.done == self.total:
                self.last = now
                self._draw(now)
        if self._interactive():
            self.stream.write("\n")
            self.stream.flush()

    def _interactive(self) -> bool:
        return bool(getattr(self.stream, "isatty", lambda: False)())

    def _draw(self, now: float) -> None:
        frac = self.done / self.total if self.total else 1.0
        bar = "#" * int(24 * frac) + "-" * (24 - int(24 * frac))
        elapsed = now - self.start
        eta = elapsed / self.done * (self.total - self.done) if self.done else 0.0
        extra = " ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}" for k, v in self.fields.items())
        line = f"\r{self.label} [{bar}] {self.done}/{self.total} {elapsed:.0f}s<{eta:.0f}s {extra}"
        self.stream.write(line if self._interactive() else line[1:] + "\n")
        self.stream.flush()
