"""Time per `find_unique` through the Prisma engine bridge, on a warm connection.

    python -m bench.bridge_find_unique [--calls 3000] [--url postgresql://...]

Uses the bridge test schema (tests/bridge/schema.prisma, its client generated as the tests do)
in a fresh database on TEST_DATABASE_URL / DATABASE_URL / --url, or on an embedded PostgreSQL
when none is given; the database is dropped afterwards. Prints the machine, then mean / p50 /
p99 of the calls as LiteLLM makes them (prisma-client-py -> HTTP -> bridge -> PostgreSQL), and
of the same request sent straight to the bridge over HTTP, which leaves out prisma-client-py's
own query building and model parsing. Not a test: nothing is asserted.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import psycopg  # noqa: E402

from tests.bridge import support  # noqa: E402


def machine() -> str:
    node = shutil.which("node")
    node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip() if node else "none"
    cpu = platform.processor() or platform.machine()
    return (f"{platform.system()} {platform.release()} {cpu}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, Node {node_version}")


@contextmanager
def server_url(explicit: str | None):
    url = explicit or os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if url:
        yield url, "given server"
        return
    from alchemi.db.embedded import EmbeddedPostgres

    with tempfile.TemporaryDirectory(prefix="bench-pg-") as tmp:
        pg = EmbeddedPostgres(Path(tmp) / "pgdata", port=support.free_port())
        pg.start()
        try:
            yield pg.url("postgres"), "embedded PostgreSQL"
        finally:
            pg.stop()


@contextmanager
def scratch_database(server: str):
    name = f"alchemi_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(support.SCHEMA_SQL.read_text())
        yield url
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def summary(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p = lambda q: ms[min(len(ms) - 1, round(q * (len(ms) - 1)))]  # noqa: E731
    return (f"{label:<38} mean {statistics.fmean(ms):6.3f} ms   p50 {p(0.50):6.3f} ms   "
            f"p99 {p(0.99):6.3f} ms   min {ms[0]:6.3f} ms   ({len(ms)} calls)")


async def measure(database_url: str, calls: int, warmup: int) -> list[str]:
    env = support.engine_environment()
    os.environ.update(env)
    client_module = support.generated_client(env)
    db = client_module.Prisma(datasource={"url": database_url})
    started = time.perf_counter()
    await db.connect()
    connect_ms = (time.perf_counter() - started) * 1000
    try:
        await db.team.create_many(data=[{"alias": f"team-{i}", "models": ["gpt-4"], "tpm_limit": 1000 + i}
                                        for i in range(100)])
        team = await db.team.find_unique(where={"alias": "team-42"})

        for _ in range(warmup):
            await db.team.find_unique(where={"id": team.id})
        through_client = []
        for _ in range(calls):
            t0 = time.perf_counter()
            await db.team.find_unique(where={"id": team.id})
            through_client.append(time.perf_counter() - t0)

        fields = " ".join(client_module.models.Team.model_fields.keys() - {"organization", "members",
                                                                          "memberships", "events"})
        body = json.dumps({"query": f'query {{ result: findUniqueTeam(where: {{ id: "{team.id}" }}) {{ {fields} }} }}',
                           "variables": {}})
        direct = []
        async with httpx.AsyncClient(base_url=db._engine.url) as http:
            for _ in range(warmup):
                await http.post("/", content=body)
            for _ in range(calls):
                t0 = time.perf_counter()
                response = await http.post("/", content=body)
                direct.append(time.perf_counter() - t0)
            assert response.json()["data"]["result"]["id"] == team.id
    finally:
        await db.disconnect()
    return [f"{'engine start (connect)':<38} {connect_ms:.0f} ms",
            summary("find_unique via prisma-client-py", through_client),
            summary("find_unique, HTTP straight to bridge", direct)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--url", help="PostgreSQL server URL (a scratch database is created on it)")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with server_url(args.url) as (server, kind), scratch_database(server) as url:
        print(f"database: {kind}, PostgreSQL on {urlsplit(server).hostname}")
        for line in asyncio.run(measure(url, args.calls, args.warmup)):
            print(line)


if __name__ == "__main__":
    main()
