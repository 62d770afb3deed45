"""RequestChecks: the listed inputs get a 400 with a message before LiteLLM's handler runs;
good requests reach it unchanged; other routes are untouched."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from alchemi.gateway.validation import CHECKS, RequestChecks, supported_prompt_integrations


def make_app() -> FastAPI:
    app = FastAPI()

    @app.post("/health/test_connection")
    async def test_connection(request: Request):
        return {"seen": await request.json()}

    @app.put("/prompts/{prompt_id}")
    async def update_prompt(prompt_id: str, request: Request):
        return {"seen": await request.json()}

    @app.get("/spend/logs/ui/{request_id}")
    async def spend_log(request_id: str, start_date: str | None = None):
        return {"request_id": request_id, "start_date": start_date}

    @app.post("/other")
    async def other(request: Request):
        return {"bytes": len(await request.body())}

    app.add_middleware(RequestChecks)
    return app


client = TestClient(make_app())


def test_missing_model_is_400_with_message():
    for body in ({}, {"litellm_params": {}}, {"litellm_params": {"model": ""}}, {"litellm_params": "x"}):
        r = client.post("/health/test_connection", json=body)
        assert r.status_code == 400, body
        assert "litellm_params.model is required" in r.json()["error"]["message"]
    r = client.post("/health/test_connection", json={"litellm_params": {"model": "openai/gpt-4o"}, "mode": "chat"})
    assert r.status_code == 200 and r.json()["seen"]["mode"] == "chat"


def test_unknown_prompt_integration_is_400_and_known_ones_pass():
    assert "dotprompt" in supported_prompt_integrations()
    r = client.put("/prompts/p1", json={"prompt_id": "p1", "litellm_params": {"prompt_integration": "nope"}})
    assert r.status_code == 400 and "prompt_integration must be one of" in r.json()["error"]["message"]
    good = {"prompt_id": "p1", "litellm_params": {"prompt_integration": "dotprompt"}}
    r = client.put("/prompts/p1", json=good)
    assert r.status_code == 200 and r.json()["seen"] == good


def test_dates_without_time_are_400():
    r = client.get("/spend/logs/ui/abc", params={"start_date": "2026-01-01"})
    assert r.status_code == 400 and "start_date must be" in r.json()["error"]["message"]
    r = client.get("/spend/logs/ui/abc", params={"start_date": "2026-01-01 00:00:00"})
    assert r.status_code == 200 and r.json()["start_date"] == "2026-01-01 00:00:00"


def test_other_routes_are_untouched():
    r = client.post("/other", content=b"not json at all")
    assert r.status_code == 200 and r.json() == {"bytes": 15}


def test_every_check_says_why():
    assert all(c.why for c in CHECKS)


def test_organization_not_found_answers_404_through_litellm():
    from litellm.proxy.auth.auth_checks import OrganizationNotFoundError
    from litellm.proxy.utils import handle_exception_on_proxy

    from alchemi.gateway import statuses

    statuses.install()
    assert handle_exception_on_proxy(OrganizationNotFoundError("Organization doesn't exist in db.")).code == "404"
