"""The benchmark's OpenAI-compatible upstream: the same answers as tests/support/fake_openai.py
(non-streaming chat completions, models), from a bare asyncio protocol on uvloop.

The Starlette fake records every request and runs the full ASGI stack; as the floor of a
benchmark it would measure itself. This one parses HTTP/1.1 by hand (keep-alive, Content-Length
or chunked bodies), decodes the JSON body to echo the last message like the fake does, and
keeps nothing.

    python -m bench.upstream --port 9000 [--name bench-upstream]
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import time

_ids = itertools.count(1)


def chat_completion(body: dict, name: str) -> dict:
    messages = body.get("messages") or [{}]
    last = messages[-1].get("content") if isinstance(messages[-1], dict) else None
    text = f"[{name}] echo: {last if isinstance(last, str) else json.dumps(last)}"
    return {"id": f"chatcmpl-{name}-{next(_ids)}", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model", "fake"), "system_fingerprint": name,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 7, "completion_tokens": 5, "total_tokens": 12}}


def _response(status: int, payload: dict, name: str) -> bytes:
    body = json.dumps(payload, separators=(",", ":")).encode()
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}.get(status, "Error")
    return (f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
            f"x-upstream-name: {name}\r\n\r\n").encode() + body


class _Request:
    __slots__ = ("method", "path", "body", "close")

    def __init__(self, method: str, path: str, body: bytes, close: bool) -> None:
        self.method, self.path, self.body, self.close = method, path, body, close


def parse_request(buf: bytearray) -> tuple[_Request | None, int]:
    """(request, bytes consumed) when `buf` starts with a whole request, else (None, 0)."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None, 0
    head = bytes(buf[:end]).decode("latin-1").split("\r\n")
    method, path, version = (head[0].split(" ") + ["", ""])[:3]
    headers = {}
    for line in head[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    close = headers.get("connection", "").lower() == "close" or version == "HTTP/1.0"
    start = end + 4
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body, pos = bytearray(), start
        while True:
            line_end = buf.find(b"\r\n", pos)
            if line_end < 0:
                return None, 0
            size = int(bytes(buf[pos:line_end]).split(b";")[0], 16)
            if size == 0:
                trailer_end = buf.find(b"\r\n\r\n", line_end)
                if trailer_end < 0:
                    return None, 0
                return _Request(method, path, bytes(body), close), trailer_end + 4
            if len(buf) < line_end + 2 + size + 2:
                return None, 0
            body += buf[line_end + 2:line_end + 2 + size]
            pos = line_end + 2 + size + 2
    length = int(headers.get("content-length") or 0)
    if len(buf) < start + length:
        return None, 0
    return _Request(method, path, bytes(buf[start:start + length]), close), start + length


class UpstreamProtocol(asyncio.Protocol):
    def __init__(self, name: str) -> None:
        self.name = name
        self.buf = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while True:
            try:
                req, used = parse_request(self.buf)
            except ValueError:
                self.transport.write(_response(400, {"error": {"message": "bad request"}}, self.name))
                self.transport.close()
                return
            if req is None:
                return
            del self.buf[:used]
            self.transport.write(self.answer(req))
            if req.close:
                self.transport.close()
                return

    def answer(self, req: _Request) -> bytes:
        path = req.path.split("?", 1)[0]
        if req.method == "POST" and path.endswith("/chat/completions"):
            try:
                body = json.loads(req.body or b"{}")
            except ValueError:
                return _response(400, {"error": {"message": "body is not JSON"}}, self.name)
            return _response(200, chat_completion(body, self.name), self.name)
        if req.method == "GET" and path in ("/v1/models", "/models", "/health"):
            return _response(200, {"object": "list", "data": [
                {"id": "fake-model", "object": "model", "owned_by": self.name}]}, self.name)
        return _response(404, {"error": {"message": f"no route {req.method} {path}"}}, self.name)


def run_fast(coro):
    """asyncio.run on uvloop when it is installed (it is a dependency of ours on POSIX)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


async def serve(port: int, name: str, host: str = "127.0.0.1") -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: UpstreamProtocol(name), host, port, backlog=1024)
    async with server:
        await server.serve_forever()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--name", default="bench-upstream")
    a = p.parse_args()
    try:
        run_fast(serve(a.port, a.name))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
