"""A local OpenAI-compatible upstream that records what it receives.

The one part we fake: an LLM provider cannot run here. It answers /v1/chat/completions
(plain and streaming), /v1/embeddings and /v1/models like OpenAI does, and records POSTs to
/hooks/<name> (a Slack-style incoming webhook for alerts); it stamps every answer
with its `--name` (so tests can tell which upstream served a request), and keeps each request
it received for GET /_recorded (DELETE /_recorded clears them).

Run: python -m tests.support.fake_openai --port 9000 --name upstream-a
"""
from __future__ import annotations

import argparse
import asyncio
import json
import time
import uuid

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route


def build_app(name: str) -> Starlette:
    recorded: list[dict] = []

    async def record(request: Request) -> dict:
        body = await request.json()
        recorded.append({"path": request.url.path, "headers": dict(request.headers), "body": body,
                         "at": time.time()})
        return body

    def reply_text(body: dict) -> str:
        last = (body.get("messages") or [{}])[-1].get("content")
        return f"[{name}] echo: {last if isinstance(last, str) else json.dumps(last)}"

    async def chat(request: Request):
        body = await record(request)
        delay = float(request.headers.get("x-fake-delay", "0"))
        if delay:
            await asyncio.sleep(delay)
        text, model, cid = reply_text(body), body.get("model", "fake"), f"chatcmpl-{uuid.uuid4().hex}"
        usage = {"prompt_tokens": 7, "completion_tokens": 5, "total_tokens": 12}
        if body.get("stream"):
            async def events():
                for i, piece in enumerate([text[: len(text) // 2], text[len(text) // 2:]]):
                    chunk = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()),
                             "model": model, "choices": [{"index": 0, "delta": (
                                 {"role": "assistant", "content": piece} if i == 0 else {"content": piece}),
                                 "finish_reason": None}]}
                    yield f"data: {json.dumps(chunk)}\n\n"
                final = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
                         "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "usage": usage}
                yield f"data: {json.dumps(final)}\n\n"
                yield "data: [DONE]\n\n"
            return StreamingResponse(events(), media_type="text/event-stream",
                                     headers={"x-upstream-name": name})
        return JSONResponse({
            "id": cid, "object": "chat.completion", "created": int(time.time()), "model": model,
            "system_fingerprint": name,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": usage}, headers={"x-upstream-name": name})

    async def embeddings(request: Request):
        body = await record(request)
        inputs = body.get("input")
        inputs = inputs if isinstance(inputs, list) else [inputs]
        data = [{"object": "embedding", "index": i, "embedding": [0.1 * (i + 1), 0.2, 0.3]}
                for i, _ in enumerate(inputs)]
        return JSONResponse({"object": "list", "data": data, "model": body.get("model", "fake"),
                             "usage": {"prompt_tokens": 3, "total_tokens": 3}}, headers={"x-upstream-name": name})

    async def models(request: Request):
        return JSONResponse({"object": "list", "data": [{"id": "fake-model", "object": "model", "owned_by": name}]})

    async def webhook(request: Request):  # Slack/Teams-style incoming webhooks
        await record(request)
        return JSONResponse({"ok": True})

    async def recorded_get(request: Request):
        return JSONResponse(recorded)

    async def recorded_clear(request: Request):
        recorded.clear()
        return JSONResponse({"cleared": True})

    return Starlette(routes=[
        Route("/v1/chat/completions", chat, methods=["POST"]),
        Route("/chat/completions", chat, methods=["POST"]),
        Route("/v1/embeddings", embeddings, methods=["POST"]),
        Route("/embeddings", embeddings, methods=["POST"]),
        Route("/v1/models", models),
        Route("/hooks/{hook}", webhook, methods=["POST"]),
        Route("/_recorded", recorded_get, methods=["GET"]),
        Route("/_recorded", recorded_clear, methods=["DELETE"]),
    ])


def main() -> None:
    import uvicorn

    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--name", default="fake-upstream")
    a = p.parse_args()
    uvicorn.run(build_app(a.name), host="127.0.0.1", port=a.port, log_level="warning")


if __name__ == "__main__":
    main()
