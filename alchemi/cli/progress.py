"""Step-by-step progress for long CLI operations, on stderr (stdout stays for results)."""
from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator


class Progress:
    def __init__(self, total: int, stream=sys.stderr) -> None:
        self.total, self.n, self.stream = total, 0, stream

    def say(self, text: str) -> None:
        print(f"      {text}", file=self.stream, flush=True)

    @contextlib.contextmanager
    def step(self, title: str) -> Iterator[None]:
        self.n += 1
        print(f"[{self.n}/{self.total}] {title} ...", file=self.stream, flush=True)
        started = time.perf_counter()
        try:
            yield
        except BaseException:
            print(f"      failed after {time.perf_counter() - started:.1f}s", file=self.stream, flush=True)
            raise
        print(f"      done in {time.perf_counter() - started:.1f}s", file=self.stream, flush=True)
