"""RefusalGuard on a small FastAPI app: a write the tenant guard refused answers its 4xx
however the handler wrapped it; a 4xx re-raised as 500 gets its status back; other answers
pass unchanged."""
from __future__ import annotations

from fastapi import FastAPI, HTTPException
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient

from alchemi.gateway.refusals import RefusalGuard, reraised_status
from alchemi.tenancy.refusals import ForeignReference, IdNotAvailable


def make_app() -> FastAPI:
    app = FastAPI()

    @app.post("/wrapped")
    async def wrapped():  # LiteLLM's "except Exception as e: raise HTTPException(500, str(e))"
        try:
            raise ForeignReference("team_id names a team 'x' that does not exist in this account")
        except Exception as e:
            raise HTTPException(status_code=500, detail=str(e)) from e

    @app.post("/unhandled")
    async def unhandled():
        raise IdNotAvailable({}, "`team_id`")

    @app.post("/swallowed")
    async def swallowed():  # a handler that logs the failure and carries on
        try:
            raise ForeignReference("mcp_servers[] names an MCP server 'x' that does not exist in this account")
        except ForeignReference:
            return {"ok": True}

    @app.get("/reraised")
    async def reraised():
        try:
            raise HTTPException(status_code=404, detail="Tags not found: ['x']")
        except Exception as e:
            raise HTTPException(status_code=500, detail=str(e)) from e

    @app.get("/broken")
    async def broken():
        raise HTTPException(status_code=500, detail="database is down")

    @app.get("/stream")
    async def stream():
        return StreamingResponse(iter([b"a", b"b", b"c"]), media_type="text/plain")

    app.add_middleware(RefusalGuard)
    return app


client = TestClient(make_app(), raise_server_exceptions=False)


def test_refusal_wrapped_as_500_answers_its_status_and_message():
    r = client.post("/wrapped")
    assert r.status_code == 400
    assert r.json()["error"]["message"] == "team_id names a team 'x' that does not exist in this account"


def test_unhandled_refusal_answers_its_status():
    r = client.post("/unhandled")
    assert r.status_code == 409 and "not available" in r.json()["error"]["message"]


def test_refusal_the_handler_swallowed_changes_nothing():
    r = client.post("/swallowed")
    assert r.status_code == 200 and r.json() == {"ok": True}


def test_reraised_client_error_gets_its_status_back():
    r = client.get("/reraised")
    assert r.status_code == 404 and r.json() == {"detail": "404: Tags not found: ['x']"}


def test_real_server_errors_and_other_answers_are_untouched():
    r = client.get("/broken")
    assert r.status_code == 500 and r.json() == {"detail": "database is down"}
    r = client.get("/stream")
    assert r.status_code == 200 and r.text == "abc"


def test_reraised_status_reads_litellm_error_shapes():
    assert reraised_status(b'{"detail": "400: vector_store_id and custom_llm_provider are required"}') == 400
    assert reraised_status(b'{"detail": {"error": "404: not found"}}') == 404
    assert reraised_status(b'{"error": {"message": "403: not allowed", "code": "500"}}') == 403
    assert reraised_status(b'{"detail": "Cache Delete Failed(500: only redis)"}') is None
    assert reraised_status(b'{"detail": "500: boom"}') is None
    assert reraised_status(b"not json") is None
