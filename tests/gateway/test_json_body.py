"""JsonBodyGuard on a small FastAPI app: object-bodied routes guarded, others untouched."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from pydantic import BaseModel

from alchemi.gateway.json_body import JsonBodyGuard


class Team(BaseModel):
    name: str


def make_app() -> FastAPI:
    app = FastAPI()
    router = __import__("fastapi").APIRouter(prefix="/team")

    @router.post("/new")
    async def new_team(team: Team):
        return {"name": team.name}

    @router.post("/raw")
    async def raw(request: Request):  # reads the raw body itself, like LiteLLM's LLM routes
        return {"bytes": len(await request.body())}

    app.include_router(router)  # nested, as LiteLLM's routers are
    app.add_middleware(JsonBodyGuard, routes_app=app)
    return app


client = TestClient(make_app())


def test_good_body_is_replayed_unchanged():
    r = client.post("/team/new", json={"name": "a"})
    assert r.status_code == 200 and r.json() == {"name": "a"}


def test_non_object_is_422_with_message():
    for body in ("[1]", "null", "3", '"x"'):
        r = client.post("/team/new", content=body, headers={"content-type": "application/json"})
        assert r.status_code == 422, body
        assert "must be a JSON object" in r.json()["error"]["message"]


def test_malformed_json_is_400():
    r = client.post("/team/new", content="{", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "not valid JSON" in r.json()["error"]["message"]


def test_routes_reading_raw_bodies_are_not_guarded():
    r = client.post("/team/raw", content="[1, 2]", headers={"content-type": "application/json"})
    assert r.status_code == 200 and r.json() == {"bytes": 6}


def test_unknown_route_passes_through():
    assert client.post("/nope", content="[1]", headers={"content-type": "application/json"}).status_code == 404


def test_empty_body_reaches_the_route_validation():
    r = client.post("/team/new", content="", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "detail" in r.json()


def test_routes_under_a_prefixed_router_are_guarded():
    app = FastAPI()
    router = __import__("fastapi").APIRouter()

    @router.post("/new")
    async def new_thing(team: Team):
        return {"name": team.name}

    app.include_router(router, prefix="/v1/things")  # the prefix given at include time
    app.add_middleware(JsonBodyGuard, routes_app=app)
    r = TestClient(app).post("/v1/things/new", content="[1]", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "must be a JSON object" in r.json()["error"]["message"]
