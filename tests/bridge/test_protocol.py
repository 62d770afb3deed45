"""The bridge as a process speaking the native engine's HTTP protocol: malformed requests,
transactions by id, metrics, stdout, shutdown, and recovery from an engine panic."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from alchemi import bridge
from tests.bridge.support import SCHEMA, free_port, graphql, run_bridge, truncate

COUNT_TEAMS = graphql("query", "aggregateTeam", "", "_count { _all }")


@pytest.fixture(scope="module")
def shared_bridge(database_url):
    with run_bridge(database_url) as bridge:
        yield bridge


@pytest.fixture
def proc(shared_bridge, database_url):
    """One bridge process for the module's request-level tests, on empty tables."""
    truncate(database_url)
    assert shared_bridge.proc.poll() is None, shared_bridge.stderr
    return shared_bridge


def error_of(answer: dict) -> dict:
    assert "data" not in answer, answer
    return answer["errors"][0]["user_facing_error"]


def test_status(proc):
    response = proc.http.get("/status")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_query_single_and_batch(proc):
    assert proc.query(COUNT_TEAMS) == {"data": {"result": {"_count": {"_all": 0}}}}
    batch = proc.post("/", {"batch": [{"query": COUNT_TEAMS, "variables": {}}] * 2, "transaction": True}).json()
    assert batch == {"batchResult": [{"data": {"result": {"_count": {"_all": 0}}}}] * 2}
    plain = proc.post("/", {"batch": [{"query": COUNT_TEAMS}]}).json()
    assert plain["batchResult"][0]["data"]["result"] == {"_count": {"_all": 0}}


@pytest.mark.parametrize("body, status", [
    ("not json at all", 422),
    ("{\"query\": ", 422),
])
def test_body_that_is_not_json_answers_422(proc, body, status):
    response = proc.post("/", body)
    assert response.status_code == status
    assert "JSON" in response.json()["message"]
    assert proc.query(COUNT_TEAMS)["data"]  # still serving


@pytest.mark.parametrize("body", [
    {},
    {"query": 42},
    {"batch": [{"nope": 1}]},
    {"query": "query { result: findManyTeam { id }"},  # unbalanced
    {"query": "query { result: findManyTeam(where: {alias: $var}) { id } }"},  # variables
    {"query": "subscription { result: findManyTeam { id } }"},
    {"query": "query { result: findManyTeam { id } } trailing"},
    {"query": "query { result: explodeTeam { id } }"},  # no such operation: the engine would panic
    {"query": "query { result: findManyNoSuchModel { id } }"},
    {"query": "query { result: findManyTeam(where: {nope: 1}) { id } }"},
    {"query": "query { result: findManyTeam { nope } }"},
    {"query": 'mutation { result: createOneTeam(data: {alias: "a", metadata: "{bad json"}) { id } }'},
    {"query": 'mutation { result: queryRaw(query: "SELECT 1") }'},  # no parameters: the engine would panic
    {"query": 'mutation { result: queryRaw(query: "SELECT $1::int", parameters: "not json") }'},
])
def test_malformed_query_answers_an_error_and_the_bridge_keeps_serving(proc, body):
    response = proc.post("/", body)
    assert response.status_code == 200, response.text
    answer = response.json()
    if "errors" not in answer:  # a raw query without parameters is simply run with none
        assert answer == {"data": {"result": {"columns": ["?column?"], "types": ["int"], "rows": [[1]]}}}
    assert proc.query(COUNT_TEAMS)["data"]


def test_validation_errors_carry_the_engines_codes(proc):
    unknown_field = error_of(proc.query(graphql("query", "findManyTeam", "where: {nope: 1}", "id")))
    assert unknown_field["error_code"] == "P2009" and unknown_field["meta"]["kind"] == "UnknownInputField"
    bad_json = error_of(proc.query(graphql("mutation", "createOneTeam", 'data: {alias: "a", metadata: "{x"}', "id")))
    assert bad_json["error_code"] == "P2009" and bad_json["meta"]["kind"] == "InvalidArgumentValue"
    missing = error_of(proc.query(graphql("query", "findUniqueTeamOrThrow", 'where: {alias: "none"}', "id")))
    assert missing["error_code"] == "P2025"


def test_unknown_transaction_ids_are_answered_by_the_bridge(proc):
    for tx_id in ["nope", "c123", "x" * 25, "cmwqyn40i0000h8k01swyptt9"]:
        answer = proc.query(COUNT_TEAMS, headers={"X-transaction-id": tx_id})
        assert answer["errors"][0]["error"].startswith("Transaction not found")
        assert error_of(answer)["error_code"] == "P2028"
        for action in ("commit", "rollback"):
            response = proc.post(f"/transaction/{tx_id}/{action}")
            assert response.status_code == 404 and response.json()["error_code"] == "P2028"
    assert proc.query(COUNT_TEAMS)["data"]


def test_transaction_lifecycle_by_id(proc):
    create = graphql("mutation", "createOneTeam", 'data: {alias: "in-tx"}', "id")
    tx_id = proc.post("/transaction/start", {"timeout": 5000, "max_wait": 2000}).json()["id"]
    assert proc.query(create, headers={"X-transaction-id": tx_id})["data"]
    assert proc.query(COUNT_TEAMS)["data"]["result"]["_count"]["_all"] == 0
    assert proc.post(f"/transaction/{tx_id}/commit").json() == {}
    assert proc.query(COUNT_TEAMS)["data"]["result"]["_count"]["_all"] == 1
    # a finished transaction: the engine's own "already closed" errors
    closed = proc.query(COUNT_TEAMS, headers={"X-transaction-id": tx_id})
    assert closed["errors"][0]["error"].startswith("Transaction already closed")
    again = proc.post(f"/transaction/{tx_id}/commit")
    assert again.status_code == 400 and again.json()["error_code"] == "P2028"
    rolled = proc.post("/transaction/start", {"timeout": 5000, "max_wait": 2000}).json()["id"]
    proc.query(graphql("mutation", "deleteManyTeam", "", "count"), headers={"X-transaction-id": rolled})
    assert proc.post(f"/transaction/{rolled}/rollback").json() == {}
    assert proc.query(COUNT_TEAMS)["data"]["result"]["_count"]["_all"] == 1
    proc.query(graphql("mutation", "deleteManyTeam", "", "count"))


@pytest.mark.parametrize("body, status", [("nope", 422), ({"timeout": 5000}, 400)])
def test_bad_transaction_options(proc, body, status):
    response = proc.post("/transaction/start", body)
    assert response.status_code == status
    assert proc.query(COUNT_TEAMS)["data"]


def test_unknown_route(proc):
    assert proc.http.get("/nope").status_code == 404
    assert proc.post("/transaction/x/explode").status_code == 404


def test_metrics(proc):
    proc.query(COUNT_TEAMS)
    metrics = proc.http.request("GET", "/metrics?format=json", content=json.dumps({"app": "t"})).json()
    assert set(metrics) == {"counters", "gauges", "histograms"}
    counters = {m["key"]: m for m in metrics["counters"]}
    assert counters["prisma_client_queries_total"]["value"] >= 1
    assert counters["prisma_client_queries_total"]["labels"] == {"app": "t"}
    gauges = {m["key"]: m["value"] for m in metrics["gauges"]}
    assert gauges["prisma_pool_connections_open"] >= 1
    text = proc.http.get("/metrics").text
    assert "# TYPE prisma_client_queries_total counter" in text
    assert 'prisma_client_queries_duration_histogram_ms_bucket{le="+Inf"}' in text


async def test_metrics_through_the_client(db):
    await db.team.count()
    metrics = await db.get_metrics(global_labels={"service": "bridge-tests"})
    keys = {c.key for c in metrics.counters}
    assert "prisma_client_queries_total" in keys
    assert all(c.labels == {"service": "bridge-tests"} for c in metrics.counters)
    assert metrics.histograms[0].value.count >= 1
    assert "prisma_pool_connections_busy" in await db.get_metrics(format="prometheus")


def test_nothing_is_written_to_stdout(database_url):
    """prisma-client-py hands the engine its own stdout; the bridge logs only to stderr."""
    with run_bridge(database_url, env={"RUST_LOG": "info", "LOG_QUERIES": "y"}) as bridge:
        bridge.query(COUNT_TEAMS)
        bridge.query(graphql("query", "findManyTeam", "where: {nope: 1}", "id"))
        bridge.post("/", "garbage")
        bridge.post("/transaction/abc/commit")
        assert bridge.stop() == 0
        assert bridge.stdout == ""
        assert "prisma-bridge" in bridge.stderr


def test_quiet_by_default(database_url):
    with run_bridge(database_url) as bridge:
        bridge.query(COUNT_TEAMS)
        bridge.query(graphql("mutation", "createOneTeam", 'data: {alias: "dup"}', "id"))
        bridge.query(graphql("mutation", "createOneTeam", 'data: {alias: "dup"}', "id"))  # P2002
        bridge.query(graphql("mutation", "deleteManyTeam", "", "count"))
        assert bridge.stop() == 0
        assert bridge.stdout == "" and bridge.stderr == ""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_graceful_shutdown(database_url, sig):
    with run_bridge(database_url) as bridge:
        tx_id = bridge.post("/transaction/start", {"timeout": 60000, "max_wait": 2000}).json()["id"]
        bridge.query(COUNT_TEAMS, headers={"X-transaction-id": tx_id})  # holds a connection
        started = time.monotonic()
        assert bridge.stop(sig) == 0
        assert time.monotonic() - started < 6


LAUNCHER = """
import subprocess, sys, time
child = subprocess.Popen(sys.argv[1:])
print(child.pid, flush=True)
time.sleep(60)
"""


def test_exits_when_its_parent_dies(database_url):
    """If prisma-client-py's process is killed, the bridge does not linger as an orphan."""
    env = {**os.environ, "PRISMA_DML_PATH": str(SCHEMA), "BRIDGE_TEST_DATABASE_URL": database_url}
    port = free_port()
    parent = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(bridge.QUERY_ENGINE), "-p", str(port)],
                              stdout=subprocess.PIPE, text=True, env=env)
    child_pid = int(parent.stdout.readline())
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if http.get("/status").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        try:
            os.kill(child_pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(child_pid, signal.SIGKILL)
    pytest.fail("the bridge outlived its parent")


def test_recovers_from_an_engine_panic(database_url):
    truncate(database_url)
    with run_bridge(database_url, env={"PRISMA_BRIDGE_DEBUG_ROUTES": "1"}) as bridge:
        tx_id = bridge.post("/transaction/start", {"timeout": 60000, "max_wait": 2000}).json()["id"]
        bridge.query(graphql("mutation", "createOneTeam", 'data: {alias: "lost"}', "id"),
                     headers={"X-transaction-id": tx_id})
        response = bridge.post("/debug/panic")
        assert response.status_code == 500 and response.json()["is_panic"] is True
        assert bridge.query(COUNT_TEAMS) == {"data": {"result": {"_count": {"_all": 0}}}}
        stale = bridge.query(COUNT_TEAMS, headers={"X-transaction-id": tx_id})
        assert error_of(stale)["error_code"] == "P2028"
        gauges = {m["key"]: m["value"] for m in bridge.http.get("/metrics?format=json").json()["gauges"]}
        assert gauges["prisma_pool_connections_busy"] == 0  # the dead transaction's connection was released
        assert "query engine panicked" in bridge.stderr
        assert bridge.stop() == 0


def test_panic_with_queries_in_flight(database_url):
    """Calls in flight on the panicking instance get a panic error; the late callbacks of the
    dead instance (their database queries finishing) do not disturb the new one."""
    truncate(database_url)
    slow = graphql("mutation", "queryRaw", 'query: "SELECT pg_sleep(1)", parameters: "[]"')

    def active(bridge) -> float:
        gauges = bridge.http.get("/metrics?format=json").json()["gauges"]
        return next(g["value"] for g in gauges if g["key"] == "prisma_client_queries_active")

    with run_bridge(database_url, env={"PRISMA_BRIDGE_DEBUG_ROUTES": "1"}) as bridge:
        with ThreadPoolExecutor(4) as pool:
            in_flight = [pool.submit(bridge.query, slow) for _ in range(3)]
            deadline = time.monotonic() + 10
            while active(bridge) < 3:
                assert time.monotonic() < deadline, "the slow queries did not start"
                time.sleep(0.02)
            assert bridge.post("/debug/panic").json()["is_panic"] is True
            answers = [f.result() for f in in_flight]
        assert all(a["errors"][0]["user_facing_error"]["is_panic"] for a in answers), answers
        time.sleep(1.2)  # the dead instance's queries finish now
        for _ in range(3):
            assert bridge.query(COUNT_TEAMS) == {"data": {"result": {"_count": {"_all": 0}}}}
        assert bridge.proc.poll() is None
        assert bridge.stop() == 0
