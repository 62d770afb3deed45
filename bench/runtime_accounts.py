"""What an account's runtime costs: memory per idle account router, time to build one, time to
first request for a cold account, and how fast a model change reaches other workers.

    python -m bench.runtime_accounts [--routers 500] [--deployments 3] [--accounts 40]
                                     [--in-process-only] [--no-sync] [--url postgresql://...]

In process: builds `--routers` account routers of `--deployments` deployments each, as the
runtime does (alchemi.runtime.routers.new_router), and reports RSS and traced memory per router,
build time, and the global callback lists (which must not grow).

Live (unless --in-process-only), on a fresh database (TEST_DATABASE_URL / DATABASE_URL / --url,
else an embedded PostgreSQL): `--accounts` accounts with `--deployments` models each are created,
the proxy is restarted so every account is cold, and each account's first chat request (which
builds its runtime) is timed against its second; the worker's RSS before and after gives memory
per account as the proxy holds it. Then a 2-worker proxy measures how long a model change and a
delete made through one worker take to reach the other, with change detection (the default,
ALCHEMI_RUNTIME_SYNC_SECONDS=2) and with LiteLLM's own poll alone (sync off,
PROXY_CONFIG_RELOAD_INTERVAL_SECONDS=5; LiteLLM's default is 30). Not a test: nothing is asserted.
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import httpx  # noqa: E402
import psutil  # noqa: E402

from bench.bridge_find_unique import machine, server_url  # noqa: E402

LOGS = ROOT / "artifacts" / "logs"
MASTER_KEY = "sk-bench-runtime-master-key"


def _deployments(account: int, count: int, api_base: str = "http://127.0.0.1:9/v1") -> list[dict]:
    return [{"model_name": f"model-{j}", "litellm_params": {"model": f"openai/gpt-4o-{j}", "api_base": api_base,
                                                            "api_key": f"sk-{account}-{j}"},
             "model_info": {"id": f"acct{account}-dep{j}"}} for j in range(count)]


def in_process(routers: int, deployments: int) -> None:
    from alchemi.runtime import callbacks
    from alchemi.runtime.routers import discard, new_router

    new_router(_deployments(-1, deployments))  # warm imports and caches
    sizes_before = callbacks.callback_list_sizes()
    process = psutil.Process()
    gc.collect()
    rss_before = process.memory_info().rss
    times, built = [], []
    for i in range(routers):
        started = time.perf_counter()
        built.append(new_router(_deployments(i, deployments)))
        times.append(time.perf_counter() - started)
    gc.collect()
    rss_per = (process.memory_info().rss - rss_before) / routers
    tracemalloc.start()
    traced = [new_router(_deployments(routers + i, deployments)) for i in range(50)]
    traced_per = tracemalloc.get_traced_memory()[0] / 50
    tracemalloc.stop()
    print(f"\n== in process: {routers} idle account routers x {deployments} deployments")
    print(f"  build time per router: mean {statistics.mean(times) * 1000:.1f} ms, "
          f"p50 {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms")
    print(f"  memory per idle router: {rss_per / 1024:.0f} KiB RSS, {traced_per / 1024:.0f} KiB traced allocations")
    print(f"  global callback lists before/after: {sizes_before} / {callbacks.callback_list_sizes()}")
    for router in built + traced:
        discard(router)


# ---- live -----------------------------------------------------------------------------------
def _proxy(database_url: str, name: str, *, workers: int = 1, **env: str):
    from tests.runtime.support import start_runtime_proxy

    return start_runtime_proxy(LOGS / f"bench-runtime-{name}.log", workers=workers, DATABASE_URL=database_url,
                               LITELLM_MASTER_KEY=MASTER_KEY, **env)


def _admin(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {MASTER_KEY}"}, timeout=60)


def _new_account(url: str, label: str) -> dict:
    from tests.support.accounts import new_account

    with _admin(url) as admin:
        return new_account(admin, label)


def _worker_runtime(url: str) -> dict:
    return httpx.get(f"{url}/alchemi/runtime", headers={"Authorization": f"Bearer {MASTER_KEY}",
                                                        "Connection": "close"}, timeout=30).json()


def cold_accounts(database_url: str, accounts: int, deployments: int, upstream) -> None:
    from tests.runtime.support import add_model, chat, client

    setup = _proxy(database_url, "setup")
    made = []
    try:
        for i in range(accounts):
            account = _new_account(setup.url, f"bench{i}")
            with client(setup.url, account["key"]) as c:
                for j in range(deployments):
                    add_model(c, f"model-{j}", upstream.url, api_key=f"sk-{i}-{j}")
            made.append(account)
    finally:
        setup.stop()
    proxy = _proxy(database_url, "cold")
    try:
        pid = _worker_runtime(proxy.url)["worker_pid"]
        worker = psutil.Process(pid)
        warm = made[0]  # the first request of any account also warms per-process caches
        chat(proxy.url, warm["key"], "model-0")
        chat(proxy.url, warm["key"], "model-0")
        rss_before = worker.memory_info().rss
        lists_before = _worker_runtime(proxy.url)["callback_lists"]
        first, second = [], []
        for account in made[1:]:
            started = time.perf_counter()
            r = chat(proxy.url, account["key"], "model-0")
            first.append(time.perf_counter() - started)
            assert r.status_code == 200, r.text
            started = time.perf_counter()
            chat(proxy.url, account["key"], "model-0")
            second.append(time.perf_counter() - started)
        rss_after = worker.memory_info().rss
        state = _worker_runtime(proxy.url)
        builds = [a["build_ms"] for a in state["accounts"]]
        n = len(made) - 1
        print(f"\n== live proxy (1 worker): {n} cold accounts x {deployments} models")
        print(f"  time to first request, cold account: mean {statistics.mean(first) * 1000:.0f} ms, "
              f"p50 {statistics.median(first) * 1000:.0f} ms, max {max(first) * 1000:.0f} ms")
        print(f"  same account, second request:        mean {statistics.mean(second) * 1000:.0f} ms, "
              f"p50 {statistics.median(second) * 1000:.0f} ms")
        print(f"  runtime build (DB reads + router):   mean {statistics.mean(builds):.0f} ms, "
              f"p50 {statistics.median(builds):.0f} ms")
        print(f"  worker RSS per account after its first requests: {(rss_after - rss_before) / n / 1024:.0f} KiB "
              f"(includes LiteLLM's per-key caches, not only the router)")
        print(f"  callback lists with 1 live router:   {lists_before}")
        print(f"  callback lists with {len(state['accounts'])} live routers: {state['callback_lists']}")
    finally:
        proxy.stop()


def _wait_both_workers(url: str, account: dict, model: str, workers: int = 2, timeout: float = 60) -> set[int]:
    from tests.runtime.support import chat

    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for _ in range(4):
            chat(url, account["key"], model, fresh_connection=True)
        for _ in range(6):
            state = _worker_runtime(url)
            if any(a["account_id"] == account["account_id"] for a in state["accounts"]):
                seen.add(state["worker_pid"])
        if len(seen) >= workers:
            return seen
    raise RuntimeError(f"only workers {seen} built the account's runtime")


def _account_state(url: str, account_id: str) -> tuple[int, dict | None]:
    state = _worker_runtime(url)
    return state["worker_pid"], next((a for a in state["accounts"] if a["account_id"] == account_id), None)


def _converge(url: str, account_id: str, pids: set[int], done, *, timeout: float = 90) -> float:
    """Seconds until every worker in `pids` reports the account's runtime in a state `done`
    accepts (workers answer /alchemi/runtime in turn; each is polled until it has)."""
    started = time.monotonic()
    waiting = set(pids)
    while waiting:
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"workers {waiting} did not converge in {timeout}s")
        pid, account = _account_state(url, account_id)
        if pid in waiting and account is not None and done(account):
            waiting.discard(pid)
        time.sleep(0.02)
    return time.monotonic() - started


def replica_sync(database_url: str, upstream_a, upstream_b, slug: str, label: str, **env: str) -> None:
    from tests.runtime.support import add_model, answered_by, chat, client

    proxy = _proxy(database_url, f"sync-{slug}", workers=2, **env)
    try:
        account = _new_account(proxy.url, f"sync-{slug}")
        model = f"moving-{uuid.uuid4().hex[:6]}"
        with client(proxy.url, account["key"]) as c:
            model_id = add_model(c, model, upstream_a.url)
            pids = _wait_both_workers(proxy.url, account, model)
            before = _account_state(proxy.url, account["account_id"])[1]["deployments_digest"]
            r = c.patch(f"/model/{model_id}/update", json={"litellm_params": {"api_base": f"{upstream_b.url}/v1"}})
            assert r.status_code == 200, r.text
            changed = _converge(proxy.url, account["account_id"], pids,
                                lambda a: a["deployments_digest"] != before)
            assert answered_by(chat(proxy.url, account["key"], model, fresh_connection=True)) == "rt-bench-b"
            assert c.post("/model/delete", json={"id": model_id}).status_code == 200
            deleted = _converge(proxy.url, account["account_id"], pids, lambda a: a["deployments"] == 0)
        print(f"  {label}: change in both workers' routers after {changed:.2f}s, delete after {deleted:.2f}s "
              f"(workers {sorted(pids)})")
    finally:
        proxy.stop()


def live(url: str | None, accounts: int, deployments: int, *, sync_only: bool = False, sync: bool = True) -> None:
    import psycopg

    from tests.support.servers import start_fake_upstream

    with server_url(url) as (server, kind):
        name = f"bench_runtime_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        database_url = server.rsplit("/", 1)[0] + f"/{name}"
        upstream_a = start_fake_upstream("rt-bench-a", LOGS)
        upstream_b = start_fake_upstream("rt-bench-b", LOGS)
        try:
            print(f"\ndatabase: {kind}")
            if not sync_only:
                cold_accounts(database_url, accounts + 1, deployments, upstream_a)
            if not sync:
                return
            print("\n== replica sync, 2 uvicorn workers, one account")
            replica_sync(database_url, upstream_a, upstream_b, "detect", "change detection (ALCHEMI_RUNTIME_SYNC_SECONDS=2)")
            replica_sync(database_url, upstream_a, upstream_b, "poll",
                         "LiteLLM poll only (sync off, PROXY_CONFIG_RELOAD_INTERVAL_SECONDS=5)",
                         ALCHEMI_RUNTIME_SYNC_SECONDS="0", PROXY_CONFIG_RELOAD_INTERVAL_SECONDS="5")
        finally:
            upstream_a.stop()
            upstream_b.stop()
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--routers", type=int, default=500)
    p.add_argument("--deployments", type=int, default=3)
    p.add_argument("--accounts", type=int, default=40)
    p.add_argument("--in-process-only", action="store_true")
    p.add_argument("--sync-only", action="store_true", help="live: only the 2-worker replica sync")
    p.add_argument("--no-sync", action="store_true", help="live: skip the 2-worker replica sync")
    p.add_argument("--url", help="PostgreSQL server URL (default: TEST_DATABASE_URL, DATABASE_URL, embedded)")
    a = p.parse_args()
    print(machine())
    if not a.sync_only:
        in_process(a.routers, a.deployments)
    if not a.in_process_only:
        live(a.url, a.accounts, a.deployments, sync_only=a.sync_only, sync=not a.no_sync)


if __name__ == "__main__":
    main()
