"""A body read whole by a middleware is handed on unchanged, once."""
from __future__ import annotations

from alchemi.gateway.asgi_body import read_body, replaying


def _receiver(*messages):
    queue = list(messages)

    async def receive():
        return queue.pop(0)
    return receive


async def test_the_body_is_read_whole_and_replayed_once():
    receive = _receiver({"type": "http.request", "body": b'{"a":', "more_body": True},
                        {"type": "http.request", "body": b" 1}", "more_body": False},
                        {"type": "http.disconnect"})
    body = await read_body(receive)
    assert body == b'{"a": 1}'
    replay = replaying(body, receive)
    assert await replay() == {"type": "http.request", "body": b'{"a": 1}', "more_body": False}
    assert await replay() == {"type": "http.disconnect"}  # then the client's own next message


async def test_a_disconnect_before_the_end_is_none():
    assert await read_body(_receiver({"type": "http.request", "body": b"x", "more_body": True},
                                     {"type": "http.disconnect"})) is None
