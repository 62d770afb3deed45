"""The datasource URL, as the native engine reads it: which URL wins, Prisma's URL arguments,
and the errors for a database that cannot be reached (the messages LiteLLM matches on)."""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
import pytest

from tests.bridge import support
from tests.bridge.support import graphql, run_bridge

HERE = Path(__file__).resolve().parent


def with_args(url: str, **args: str) -> str:
    parts = urlsplit(url)
    query = "&".join(filter(None, [parts.query, urlencode(args)]))
    return urlunsplit(parts._replace(query=query))


def replace_netloc(url: str, **changes: str | int) -> str:
    parts = urlsplit(url)
    user = changes.get("user", parts.username or "")
    password = parts.password
    host = changes.get("host", parts.hostname)
    port = changes.get("port", parts.port or 5432)
    auth = f"{user}:{password}@" if password else f"{user}@"
    return urlunsplit(parts._replace(netloc=f"{auth}{host}:{port}", path=changes.get("path", parts.path)))


async def connected(client_module, url: str):
    return await support.connect(client_module, url)


def test_overwrite_datasources_wins_over_the_schema_url(database_url):
    env = {"BRIDGE_TEST_DATABASE_URL": replace_netloc(database_url, port=1),
           "OVERWRITE_DATASOURCES": json.dumps([{"name": "db", "url": database_url}])}
    with run_bridge(None, env=env) as bridge:
        answer = bridge.query(graphql("query", "aggregateTeam", "", "_count { _all }"))
        assert "data" in answer, answer


def test_missing_url_environment_variable_fails_at_start():
    with run_bridge(None, env={"BRIDGE_TEST_DATABASE_URL": ""}, wait=False) as bridge:
        assert bridge.proc.wait(timeout=15) == 1
        assert "BRIDGE_TEST_DATABASE_URL" in bridge.stderr
        assert bridge.stdout == ""


async def test_schema_argument(client_module, database_url):
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute('CREATE SCHEMA IF NOT EXISTS "Tenant One"')
        conn.execute('SET search_path TO "Tenant One"')
        conn.execute((HERE / "schema.sql").read_text())
    client = await connected(client_module, with_args(database_url, schema="Tenant One"))
    try:
        team = await client.team.create(data={"alias": "in-schema", "members": {"create": {"email": "m", "role": "ADMIN"}}})
        assert (await client.team.find_unique(where={"id": team.id}, include={"members": True})).members[0].role == "ADMIN"
        # raw SQL finds the schema's tables unqualified, as with the native engine (search_path)
        assert await client.query_first('SELECT count(*) AS n FROM "Team"') == {"n": 1}
    finally:
        await client.disconnect()
    with psycopg.connect(database_url) as conn:
        assert conn.execute('SELECT count(*) FROM "Tenant One"."Team"').fetchone()[0] == 1
        assert conn.execute('SELECT count(*) FROM public."Team" WHERE alias = %s', ["in-schema"]).fetchone()[0] == 0


async def test_unix_socket_host_argument(client_module, database_url):
    with psycopg.connect(database_url) as conn:
        directory = conn.execute("SHOW unix_socket_directories").fetchone()[0].split(",")[0].strip()
        port = conn.execute("SHOW port").fetchone()[0]
    socket_file = Path(directory) / f".s.PGSQL.{port}"
    if not directory or not socket_file.exists():
        pytest.skip("the test server has no Unix socket here")
    url = with_args(replace_netloc(database_url, host="localhost", port=port), host=directory)
    try:
        client = await connected(client_module, url)
    except Exception as error:  # pragma: no cover - depends on pg_hba.conf
        pytest.skip(f"cannot connect over the socket: {error}")
    try:
        row = await client.query_first("SELECT inet_server_addr() IS NULL AS over_socket")
        assert row == {"over_socket": True}
    finally:
        await client.disconnect()


async def test_application_name_options_and_socket_timeout(client_module, database_url, errors):
    url = with_args(database_url, application_name="bridge-tests", options="-c statement_timeout=4321",
                    socket_timeout="1")
    client = await connected(client_module, url)
    try:
        row = await client.query_first("SELECT current_setting('application_name') AS app, "
                                       "current_setting('statement_timeout') AS st")
        assert row == {"app": "bridge-tests", "st": "4321ms"}
        with pytest.raises(errors.DataError) as info:
            await client.query_raw("SELECT pg_sleep(3)")
        assert "timed out" in str(info.value).lower()
        assert await client.query_first("SELECT 1 AS one") == {"one": 1}
    finally:
        await client.disconnect()


async def test_pool_timeout_is_p2024(client_module, database_url, errors):
    client = await connected(client_module, with_args(database_url, connection_limit="1", pool_timeout="1"))
    try:
        async with client.tx(timeout=timedelta(seconds=10)) as tx:  # holds the only connection
            await tx.team.count()
            with pytest.raises(errors.DataError) as info:
                await client.team.count()
        data = info.value.data["user_facing_error"]
        assert data["error_code"] == "P2024"
        assert data["message"].startswith("Timed out fetching a new connection from the connection pool")
        assert data["meta"] == {"connection_limit": 1, "timeout": 1}
        assert await client.team.count() >= 0  # and the pool recovers
    finally:
        await client.disconnect()


@pytest.mark.parametrize("change, code, text", [
    ({"port": 1}, "P1001", "Can't reach database server at `127.0.0.1`:`1`"),
    ({"host": "no-such-host.invalid"}, "P1001", "Can't reach database server at `no-such-host.invalid`"),
    ({"user": "no_such_role"}, "P1000", "Authentication failed against database server"),
    ({"path": "/no_such_database"}, "P1003", "Database `no_such_database` does not exist"),
])
async def test_unreachable_database_errors(client_module, database_url, errors, change, code, text):
    if "host" not in change and urlsplit(database_url).hostname not in ("127.0.0.1", "localhost"):
        pytest.skip("expects the test server on 127.0.0.1")
    url = replace_netloc(database_url, **{"host": "127.0.0.1", **change})
    client = await connected(client_module, with_args(url, connect_timeout="3"))  # the engine starts anyway
    try:
        for call in (lambda: client.team.count(), lambda: client.query_raw("SELECT 1")):
            with pytest.raises(errors.DataError) as info:
                await call()
            data = info.value.data["user_facing_error"]
            assert (data["error_code"], data["message"].startswith(text) or text in data["message"]) == (code, True)
        with pytest.raises(Exception, match="Can't reach|Authentication failed|does not exist"):
            async with client.tx():
                pass
    finally:
        await client.disconnect()


async def test_sslmode_require_against_a_server_without_tls(client_module, database_url, errors):
    with psycopg.connect(database_url) as conn:
        if conn.execute("SHOW ssl").fetchone()[0] == "on":
            pytest.skip("the test server has TLS")
    client = await connected(client_module, with_args(database_url, sslmode="require"))
    try:
        with pytest.raises(errors.DataError) as info:
            await client.team.count()
        assert info.value.data["user_facing_error"]["error_code"] == "P1011"
    finally:
        await client.disconnect()
    client = await connected(client_module, with_args(database_url, sslmode="prefer"))
    try:
        assert await client.team.count() >= 0  # prefer: plain text when TLS is not offered
    finally:
        await client.disconnect()


def test_environment_is_not_leaked_into_the_url(database_url):
    """The URL's password never appears in the bridge's output, even on errors."""
    url = replace_netloc(with_args(database_url, connect_timeout="2"), port=1)
    parts = urlsplit(url)
    secret_url = urlunsplit(parts._replace(netloc=f"{parts.username}:s3cr3t-pw@{parts.hostname}:{parts.port}"))
    with run_bridge(secret_url, env={"RUST_LOG": "info"}) as bridge:
        answer = bridge.query(graphql("query", "aggregateTeam", "", "_count { _all }"))
        assert answer["errors"][0]["user_facing_error"]["error_code"] == "P1001"
        assert "s3cr3t" not in json.dumps(answer)
        bridge.stop()
        assert "s3cr3t" not in bridge.stderr and bridge.stdout == ""
