"""The probes cover the route table the server really serves."""
from __future__ import annotations

import httpx

from tests.isolation.conftest import route_table
from tests.support.isolation_campaign import operations_of


def test_table_is_the_pinned_litellm_with_every_lazy_feature() -> None:
    table = route_table()
    assert table["litellm"] == "1.102.4"
    assert table["lazy_loaded"] == table["lazy_modules"] and len(table["lazy_modules"]) >= 30
    assert len(table["routes"]) > 800
    paths = {r["path"] for r in table["routes"]}
    assert {"/key/generate", "/policies", "/v1/agents", "/account/new", "/public/v1/model_hub"} <= paths


def test_every_operation_is_classified() -> None:
    ops = operations_of(route_table()["routes"])
    assert all(op.cls.scope in ("management", "platform", "public", "inference", "static") for op in ops)
    assert all(op.cls.reason for op in ops if op.cls.scope in ("public", "inference", "static"))


def test_live_schema_paths_are_in_the_table(campaign, live_proxy, tenants) -> None:
    """After the probes (which load LiteLLM's lazy features), every path the live server
    documents is one we probed or classified."""
    r = httpx.get(f"{live_proxy.url}/openapi.json", timeout=60,
                  headers={"Authorization": f"Bearer {tenants['B'].admin_key}"})
    assert r.status_code == 200, r.text[:300]
    live = set(r.json()["paths"])
    table = {p["path"].replace(":path}", "}") for p in route_table()["routes"]}
    # pass-through routes are added to the shared app by accounts at run time (our seeds, and
    # the probes' own "/isolation-probe"); test_shared_runtime covers who may call them
    runtime = {t.ids.get("passthrough_path") for t in tenants.values()} | {"/isolation-probe"}
    missing = sorted(p for p in live if p not in table and p.replace(":path}", "}") not in table and p not in runtime)
    assert not missing, f"served but not in the probed table: {missing}"
