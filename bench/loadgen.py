"""A closed-loop HTTP/1.1 load generator: N keep-alive connections, one request in flight on
each, for a fixed time after a warm-up that is not counted.

    python -m bench.loadgen --url http://127.0.0.1:4000/chat/completions --concurrency 8 \
        --duration 10 --warmup 2 --body '{"model": ...}' --header 'Authorization: Bearer sk-...'

A bare asyncio protocol on uvloop (no HTTP client library): a request is one prebuilt
`write`, a response is parsed just enough to find its end (Content-Length or chunked). That
keeps the generator far cheaper per request than any server it measures; its own CPU use in
the window is reported (`client_cpu_pct`) so a run where it saturated its core shows it.

Prints `measure-start` and `measure-end` when the counted window opens and closes (the
orchestrator samples the server's CPU between them), then one JSON line with the results.
A request counts when it completes inside the window; errors are non-2xx answers, answers
without `--expect`, connection failures and timeouts.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from urllib.parse import urlsplit


def _chunked_end(buf: bytearray, pos: int) -> int:
    """Index just past a complete chunked body starting at `pos`, or -1."""
    while True:
        line_end = buf.find(b"\r\n", pos)
        if line_end < 0:
            return -1
        size = int(bytes(buf[pos:line_end]).split(b";")[0], 16)
        if size == 0:
            end = buf.find(b"\r\n\r\n", line_end)
            return -1 if end < 0 else end + 4
        pos = line_end + 2 + size + 2
        if pos > len(buf):
            return -1


def parse_response(buf: bytearray) -> tuple[int, bytes, bool, int] | None:
    """(status, body, server closes, bytes consumed) for a whole response at the start of buf."""
    head_end = buf.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    head = bytes(buf[:head_end]).lower()
    status = int(head[9:12])
    start = head_end + 4
    close = b"\r\nconnection: close" in head
    if b"\r\ntransfer-encoding: chunked" in head:
        end = _chunked_end(buf, start)
        if end < 0:
            return None
        return status, bytes(buf[start:end]), close, end
    length, i = 0, head.find(b"\r\ncontent-length:")
    if i >= 0:
        j = head.find(b"\r\n", i + 2)
        length = int(head[i + 17:j if j > 0 else len(head)])
    if len(buf) < start + length:
        return None
    return status, bytes(buf[start:start + length]), close, start + length


class Connection(asyncio.Protocol):
    def __init__(self) -> None:
        self.buf = bytearray()
        self.transport: asyncio.Transport | None = None
        self.waiter: asyncio.Future | None = None
        self.closed = False

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buf += data
        if self.waiter is None or self.waiter.done():
            return
        try:
            parsed = parse_response(self.buf)
        except ValueError as e:
            self.waiter.set_exception(ConnectionError(f"unparseable response: {e}"))
            return
        if parsed is not None:
            status, body, close, used = parsed
            del self.buf[:used]
            if close:
                self.closed = True
            self.waiter.set_result((status, body))

    def connection_lost(self, exc) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("connection closed by the server"))

    def send(self, request: bytes) -> asyncio.Future:
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self.waiter


def build_request(url: str, body: bytes, headers: list[str]) -> tuple[str, int, bytes]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    lines = [f"POST {path} HTTP/1.1", f"host: {host}:{port}", "content-type: application/json",
             f"content-length: {len(body)}", *headers]
    return host, port, ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of an ascending list (None when empty)."""
    if not sorted_values:
        return None
    rank = max(1, min(len(sorted_values), int(q / 100 * len(sorted_values) + 0.999999)))
    return sorted_values[rank - 1]


async def run(url: str, body: bytes, headers: list[str], concurrency: int, duration: float, warmup: float,
              timeout: float, expect: bytes | None) -> dict:
    loop = asyncio.get_running_loop()
    host, port, request = build_request(url, body, headers)
    # perf_counter, not loop.time(): uvloop's clock has millisecond resolution.
    clock = time.perf_counter
    start = clock()
    measure_start, measure_end = start + warmup, start + warmup + duration
    latencies: list[float] = []
    errors: dict[str, int] = {}
    cpu: dict[str, float] = {}

    def mark(name: str) -> None:
        cpu[name] = time.process_time()
        print(f"measure-{name}", flush=True)

    loop.call_later(warmup, mark, "start")
    loop.call_later(warmup + duration, mark, "end")

    warmup_errors = [0]

    def error(kind: str, at: float) -> None:
        if measure_start <= at <= measure_end:
            errors[kind] = errors.get(kind, 0) + 1
        elif at < measure_start:
            warmup_errors[0] += 1

    async def worker() -> None:
        conn: Connection | None = None
        while clock() < measure_end:
            if conn is None or conn.closed:
                try:
                    _, conn = await loop.create_connection(Connection, host, port)
                except OSError as e:
                    error(f"connect: {type(e).__name__}", clock())
                    conn = None
                    await asyncio.sleep(0.05)
                    continue
            t0 = clock()
            fut = conn.send(request)
            timer = loop.call_later(timeout, lambda f=fut: f.done() or f.set_exception(TimeoutError()))
            try:
                status, answer = await fut
            except (ConnectionError, TimeoutError) as e:
                error("timeout" if isinstance(e, TimeoutError) else "connection", clock())
                conn.transport.close()
                conn = None
                continue
            finally:
                timer.cancel()
            t1 = clock()
            if not 200 <= status < 300:
                error(f"http {status}", t1)
            elif expect is not None and expect not in answer:
                error("unexpected body", t1)
            elif measure_start <= t1 <= measure_end:
                latencies.append(t1 - t0)
        if conn is not None and conn.transport is not None:
            conn.transport.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    latencies.sort()
    window = measure_end - measure_start
    ms = lambda v: None if v is None else round(v * 1000, 3)  # noqa: E731
    return {
        "concurrency": concurrency, "duration_s": duration, "warmup_s": warmup,
        "requests": len(latencies), "errors": sum(errors.values()), "error_kinds": errors,
        "warmup_errors": warmup_errors[0],
        "rps": round(len(latencies) / window, 1),
        "p50_ms": ms(percentile(latencies, 50)), "p90_ms": ms(percentile(latencies, 90)),
        "p99_ms": ms(percentile(latencies, 99)), "max_ms": ms(latencies[-1] if latencies else None),
        "mean_ms": ms(sum(latencies) / len(latencies) if latencies else None),
        "client_cpu_pct": round(100 * (cpu.get("end", 0) - cpu.get("start", 0)) / window, 1),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="closed-loop HTTP/1.1 POST load generator")
    p.add_argument("--url", required=True)
    p.add_argument("--body", required=True, help="JSON request body")
    p.add_argument("--header", action="append", default=[], help="'Name: value', repeatable")
    p.add_argument("--concurrency", type=int, default=1)
    p.add_argument("--duration", type=float, default=10.0)
    p.add_argument("--warmup", type=float, default=2.0)
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--expect", help="substring every 2xx answer must contain")
    a = p.parse_args(argv)
    from bench.upstream import run_fast

    result = run_fast(run(a.url, a.body.encode(), a.header, a.concurrency, a.duration, a.warmup, a.timeout,
                          a.expect.encode() if a.expect else None))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
