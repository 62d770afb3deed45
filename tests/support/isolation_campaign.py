"""One run of the cross-tenant probes against the live proxy: every operation of the route
table, as account B, aimed at account A's objects; the results the isolation tests assert on.

Phases:
1. reads (GET and read-only POSTs), concurrently: `attack` (all of A's ids), `attack:<param>`
   (one optional id at a time, so one rejected filter does not hide a leaky one), `listing`
   (no ids) and `control` (B's own ids) as B's admin; `listing` as B's plain user; public
   GETs anonymously;
2. writes, one at a time, creates and updates before deletes: after each, A's rows are
   re-read from PostgreSQL and, when the call succeeded or failed with 5xx, A re-reads its
   objects through the API, so a change is pinned on the call that made it;
3. the platform boundary: every tenant operation with the master key and with a suspended
   account's key.
"""
from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support.isolation_catalog import (
    Classification,
    NotApplicable,
    ProbeRequest,
    build,
    classify,
    is_read_only,
    operations,
    optional_id_params,
)
from tests.support.isolation_probe import (
    DbSnapshot,
    Detector,
    ReferenceScan,
    Outcome,
    TenantView,
    account_tables,
    row_ownership,
    describe_request,
    send,
)
from tests.support.isolation_seed import Tenant

READ_TIMEOUT = 20.0
WRITE_TIMEOUT = 20.0
READ_WORKERS = 6

# Operations the generic run must not execute: their effect is process-wide and would leave the
# shared proxy unusable for every account (and for the rest of this test session).
# test_shared_runtime.test_allowed_ips_are_per_account checks these with a value that is safe.
DISRUPTIVE = {
    "POST /add/allowed_ip": "an IP other than the caller's own refuses every later request of the caller's "
                            "account (of every account while general_settings was process-global)",
    "POST /delete/allowed_ip": "removing the last allowed IP leaves allowed_ips == [], which refuses every later "
                               "request of the caller's account",
}


@dataclass
class Op:
    method: str
    path: str
    route: dict
    cls: Classification

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def read_only(self) -> bool:
        return is_read_only(self.method, self.path)

    @property
    def deletes(self) -> bool:
        return self.method == "DELETE" or any(w in self.path for w in ("delete", "remove", "/reset"))


def operations_of(routes: list[dict]) -> list[Op]:
    """Every (method, path) of the table, first registration wins (as Starlette matches)."""
    seen: dict[str, Op] = {}
    for route in routes:
        cls = classify(route)
        methods = operations(route) or ([""] if route["kind"] in ("Mount", "Route", "APIWebSocketRoute") else [])
        for method in methods:
            op = Op(method or (route["methods"][0] if route.get("methods") else "ANY"), route["path"], route, cls)
            seen.setdefault(op.key, op)
    return list(seen.values())


def probed_operations(routes: list[dict]) -> list[Op]:
    """The operations the isolation tests assert on, one test each."""
    return [op for op in operations_of(routes)
            if op.cls.scope in ("management", "platform") or (op.cls.scope == "public" and op.method == "GET"
                                                               and "authentication flow" not in op.cls.reason)]


@dataclass
class Job:
    op: Op
    variant: str
    caller: str
    request: ProbeRequest


@dataclass
class Results:
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)   # op key -> outcomes
    boundary: dict[str, list[Outcome]] = field(default_factory=dict)   # super-admin / suspended
    not_exercised: dict[str, str] = field(default_factory=dict)        # op key -> why
    unmapped_params: dict[str, list[str]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    owner_view_before: dict[str, Any] = field(default_factory=dict)
    owner_view_after: dict[str, Any] = field(default_factory=dict)
    row_ownership: dict[str, dict] = field(default_factory=dict)      # before B's writes

    def add(self, outcome: Outcome, boundary: bool = False) -> None:
        (self.boundary if boundary else self.outcomes).setdefault(outcome.op, []).append(outcome)


class Campaign:
    def __init__(self, base_url: str, routes: list[dict], a: Tenant, b: Tenant, database_url: str) -> None:
        self.base_url, self.routes, self.a, self.b = base_url, routes, a, b
        self.database_url = database_url
        self.ops = operations_of(routes)
        self.detector = Detector(a)
        self.a_ids = {**a.ids, "account_id": a.account_id}
        self.b_ids = {**b.ids, "account_id": b.account_id}
        self.callers = {"b-admin": b.admin_key, "b-user": b.keys.get("user"), "anonymous": None}
        self._local = threading.local()
        self.results = Results()

    # --- plumbing -------------------------------------------------------------------------
    def _client(self, caller: str, key: str | None = None, fresh: bool = False) -> httpx.Client:
        """One client per thread and caller. Reads reuse connections (idle ones dropped before
        uvicorn's 5 s keep-alive closes them under us); writes (`fresh`) open one per call,
        so a connection a failed handler left broken never eats the next write."""
        clients = self._local.__dict__.setdefault("clients", {})
        name = f"{caller}/fresh" if fresh else caller
        if name not in clients:
            key = key if key is not None else self.callers.get(caller)
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            limits = httpx.Limits(max_keepalive_connections=0) if fresh else httpx.Limits(keepalive_expiry=2)
            clients[name] = httpx.Client(base_url=self.base_url, headers=headers, timeout=READ_TIMEOUT, limits=limits)
        return clients[name]

    def _execute(self, job: Job, timeout: float, key: str | None = None, echo: set[str] | None = None) -> Outcome:
        """Send one probe; `echo`: more values of A's the caller sent earlier (its own objects
        may carry them since), not counted as leaks."""
        read = is_read_only(job.request.method, job.op.path)
        r, error, elapsed = send(self._client(job.caller, key, fresh=not read), job.request, timeout, retry=read)
        out = Outcome(op=job.op.key, variant=job.variant, caller=job.caller, request=describe_request(job.request),
                      status=r.status_code if r is not None else None, elapsed=elapsed, error=error)
        if r is not None:
            text = r.text[:2_000_000]
            sent = (job.request.sent_ids | (echo or set())) if job.variant != "control" else set()
            out.leaks = self.detector.find(text, sent)
            if out.leaks:
                out.snippet = self.detector.snippet(text, sent)
            if r.status_code >= 500:
                out.error = f"HTTP {r.status_code}: {text[:300]}"
        return out

    def _variants(self, op: Op, ids: dict[str, str], each: bool = True) -> list[tuple[str, ProbeRequest]]:
        made: list[tuple[str, ProbeRequest]] = []
        seen: set[str] = set()

        def add(name: str, fn) -> None:
            try:
                req = fn()
            except NotApplicable:
                return
            sig = json.dumps([req.method, req.path, req.params, req.json], sort_keys=True, default=str)
            if sig not in seen:
                seen.add(sig)
                made.append((name, req))
                if req.unmapped:
                    self.results.unmapped_params[op.key] = req.unmapped

        add("attack", lambda: build(op.route, op.method, "attack", ids))
        if each:
            made += self.each_variants(op, ids, seen)
        add("listing", lambda: build(op.route, op.method, "listing", ids))
        return made

    def each_variants(self, op: Op, ids: dict[str, str], seen: set[str]) -> list[tuple[str, ProbeRequest]]:
        """One attack per optional id parameter (a rejected filter must not hide a leaky one)."""
        made = []
        for param in optional_id_params(op.route, op.method, ids):
            try:
                req = build(op.route, op.method, "attack", ids, only=param)
            except NotApplicable:
                continue
            sig = json.dumps([req.method, req.path, req.params, req.json], sort_keys=True, default=str)
            if sig not in seen:
                seen.add(sig)
                made.append((f"attack:{param}", req))
        return made

    # --- phases ---------------------------------------------------------------------------
    def read_jobs(self) -> list[Job]:
        jobs: list[Job] = []
        for op in self.ops:
            if op.key in DISRUPTIVE:
                continue
            if op.cls.scope == "public" and op.method == "GET" and "authentication flow" not in op.cls.reason:
                jobs += [Job(op, f"anonymous {v}", "anonymous", req) for v, req in self._variants(op, self.a_ids)]
                continue
            if op.cls.scope not in ("management", "platform") or not op.read_only:
                continue
            variants = self._variants(op, self.a_ids)
            jobs += [Job(op, v, "b-admin", req) for v, req in variants]
            jobs += [Job(op, v, "b-user", req) for v, req in variants if v == "listing" and self.callers["b-user"]]
            try:
                jobs.append(Job(op, "control", "b-admin", build(op.route, op.method, "control", self.b_ids)))
            except NotApplicable:
                pass
        return jobs

    def write_ops(self) -> list[Op]:
        """Writes in a fixed order: creates and updates, then deletes."""
        return sorted((o for o in self.ops if o.cls.scope in ("management", "platform") and not o.read_only
                       and o.key not in DISRUPTIVE), key=lambda o: (o.deletes, o.path, o.method))

    def run_reads(self) -> None:
        jobs = self.read_jobs()
        with ThreadPoolExecutor(READ_WORKERS, thread_name_prefix="probe") as pool:
            for outcome in pool.map(lambda j: self._execute(j, READ_TIMEOUT), jobs):
                self.results.add(outcome)

    def run_writes(self, snapshot: DbSnapshot, view: TenantView, refs: ReferenceScan) -> None:
        """One write at a time. A's rows are compared after every call (a diff is pinned on the
        call). A's API view is re-read after calls that succeeded or failed with 5xx; a fact that
        leaves its baseline is recorded on the call as suspected (in-memory state is also
        reloaded by LiteLLM's background job every 30 s, so the pin is not proof)."""
        rows = snapshot.take()
        linked = refs.take()
        baseline = view.take(chat=True)
        degraded: set[str] = set()
        echo: set[str] = set()
        for op in self.write_ops():
            variants = self._variants(op, self.a_ids, each=False)
            jobs = [Job(op, v, "b-admin", req) for v, req in variants]
            i = 0
            while i < len(jobs):
                job = jobs[i]
                outcome = self._execute(job, WRITE_TIMEOUT, echo=echo)
                echo |= job.request.sent_ids
                now = snapshot.take()
                outcome.mutations = [f"A's rows: {c}" for c in DbSnapshot.diff(rows, now)]
                rows = now
                now_linked = refs.take()
                outcome.mutations += [f"B's rows: {c}" for c in refs.describe(now_linked - linked)]
                linked = now_linked
                if outcome.status is None or outcome.status < 400 or outcome.status >= 500:
                    current = view.take(chat=True)
                    newly = {k for k in baseline if current.get(k) != baseline[k]} - degraded
                    outcome.suspected = [f"A's view: {k}: {baseline[k]} -> {current.get(k)}" for k in sorted(newly)]
                    degraded = {k for k in baseline if current.get(k) != baseline[k]}
                if job.variant == "attack" and outcome.status is not None and 400 <= outcome.status < 500:
                    # rejected: one of A's ids may have caused it; try them one at a time
                    seen = {json.dumps([r.method, r.path, r.params, r.json], sort_keys=True, default=str)
                            for _, r in variants}
                    jobs[i + 1:i + 1] = [Job(op, v, "b-admin", r) for v, r in self.each_variants(op, self.a_ids, seen)]
                self.results.add(outcome)
                i += 1

    def run_boundary(self, master_key: str, suspended_key: str) -> None:
        """Every tenant operation with the master key and with a suspended account's key."""
        jobs: list[tuple[Job, str]] = []
        for op in self.ops:
            if (op.cls.scope not in ("management", "inference") or op.key in DISRUPTIVE
                    or op.method not in ("GET", "POST", "PUT", "PATCH", "DELETE")):
                continue
            try:
                req = build(op.route, op.method, "attack", self.a_ids)
            except NotApplicable:
                try:
                    req = build(op.route, op.method, "listing", self.a_ids)
                except NotApplicable:
                    req = ProbeRequest(op.method, op.path.replace("{", "").replace("}", ""))
            jobs.append((Job(op, "master key", "super-admin", req), master_key))
            jobs.append((Job(op, "suspended account", "suspended", req), suspended_key))
        with ThreadPoolExecutor(READ_WORKERS, thread_name_prefix="boundary") as pool:
            for outcome in pool.map(lambda jk: self._execute(jk[0], READ_TIMEOUT, jk[1]), jobs):
                self.results.add(outcome, boundary=True)

    def settle(self, timeout: float = 40) -> float:
        """Wait for LiteLLM's background reload, then probe from the state it leaves.

        Every account's model, credential or config write reloads LiteLLM's process-wide router
        and registries with that account's objects only; the background reload (every 30 s,
        outside any account) loads every account's. That state is what a reload repeats, so
        the reads see the same thing whenever they run. Its sign today: another account's
        credential shows, still named '<account_id>::<name>'. Once registries are per account
        that sign never comes, and we go on after `timeout`."""
        start = time.monotonic()
        sign = f"{self.a.account_id}::"
        client = self._client("settle-B", self.b.admin_key)
        while time.monotonic() - start < timeout:
            try:
                if sign in client.get("/credentials").text:
                    time.sleep(3)   # the reload goes on with guardrails, MCP servers, vector stores ...
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        return round(time.monotonic() - start, 1)

    def run(self, *, master_key: str, suspended_key: str) -> Results:
        tables = account_tables(self.database_url)
        snapshot = DbSnapshot(self.database_url, self.a.account_id, tables)
        refs = ReferenceScan(self.database_url, self.b, self.a, tables)
        view = TenantView(self.base_url, self.a)
        try:
            self.results.timings["settle_s"] = self.settle()
            t0 = time.monotonic()
            self.results.owner_view_before = view.take()
            rows_before = snapshot.take()
            self.run_reads()
            t1 = time.monotonic()
            self.results.timings["reads_s"] = round(t1 - t0, 1)
            read_changes = DbSnapshot.diff(rows_before, snapshot.take())
            if read_changes:   # reads must not write: pin it on the phase, the report shows it
                self.results.add(Outcome(op="(read phase)", variant="db", caller="b-admin", request={},
                                         mutations=read_changes))
            self.results.row_ownership = row_ownership(self.database_url, account_tables(self.database_url),
                                                       [self.a, self.b])
            self.run_writes(snapshot, view, refs)
            t2 = time.monotonic()
            self.results.timings["writes_s"] = round(t2 - t1, 1)
            self.run_boundary(master_key, suspended_key)
            self.results.timings["boundary_s"] = round(time.monotonic() - t2, 1)
            self.results.owner_view_after = view.take()
        finally:
            snapshot.close()
            refs.close()
            view.close()
        for op in self.ops:
            if op.key in DISRUPTIVE:
                self.results.not_exercised[op.key] = "not executed: " + DISRUPTIVE[op.key]
            elif op.key not in self.results.outcomes and op.cls.scope in ("management", "platform"):
                self.results.not_exercised[op.key] = "no variant could be built (no id mapped, no listing)"
        return self.results
