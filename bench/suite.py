"""The four configurations, set up side by side and measured in interleaved rounds.

All servers run at once, on the servers' CPU, each against its own database on the same
PostgreSQL: (a) the upstream, (b) vanilla LiteLLM, (c) Alchemi with one account, (d) Alchemi
with many. Each round runs every configuration at every concurrency, in an order rotated from
round to round, so a burst of someone else's work on the machine falls on all of them alike
instead of on whichever happened to run then. A configuration's numbers are the median round.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import gateway, load, pg, seed
from bench.procs import ROOT, Placement, Server, Servers, free_port, python_cmd

MASTER_KEY = "sk-alchemi-bench-master-key-0123456789"


@dataclass(frozen=True)
class Plan:
    mode: str
    duration: float  # seconds per measured run
    warmup: float  # unmeasured seconds before each run
    rounds: int
    concurrency: tuple[int, ...]
    accounts: int  # in (d), the measured one included
    keys_per_account: int
    teams_per_account: int
    mgmt_keys: int  # keys in the measured account for the management plane
    mgmt_teams: int
    mgmt_samples: int
    profile_seconds: float
    parallel_start: bool = False  # start (b), (c), (d) at once: quicker, but each ready time is disturbed


@dataclass
class Target:
    """A configuration under load: what to call, with which key, and what to meter."""

    server: Server
    url: str
    key: str | None

    @property
    def headers(self) -> list[str]:
        return [f"Authorization: Bearer {self.key}"] if self.key else []


def child_env(**extra: str) -> dict[str, str]:
    """A server child's environment: ours minus what would change the server under test (as
    tests/support/servers.py does for `alchemi serve`)."""
    env = {k: v for k, v in os.environ.items() if k not in {
        "DATABASE_URL", "LITELLM_MASTER_KEY", "CONFIG_FILE_PATH", "WORKER_CONFIG", "PORT"}}
    env.update({"ALCHEMI_ENV": "test", "LITELLM_LOCAL_MODEL_COST_MAP": "True", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def boot_steps(server: Server) -> dict[str, float]:
    """The seconds of each `alchemi serve` start-up step, from its progress lines ("[3/7] Tenant
    views ... done in 4.7s"); the rest of the time to ready is importing and LiteLLM's start-up."""
    steps, current = {}, None
    for line in server.log_tail(200_000).splitlines():
        m = re.match(r"\[\d+/\d+\] (.*?)(?: \.\.\.)?$", line.strip())
        if m:
            current = m.group(1)
            continue
        m = re.match(r"done in ([\d.]+)s$", line.strip())
        if m and current:
            steps[current] = float(m.group(1))
            current = None
    return steps


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


class Suite:
    def __init__(self, plan: Plan, placement: Placement, servers: Servers, dbs: pg.Databases,
                 profile_dir: Path | None) -> None:
        self.plan, self.placement, self.servers, self.dbs = plan, placement, servers, dbs
        self.profile_dir = profile_dir
        self.targets: dict[str, Target] = {}
        self.info: dict[str, dict] = {}
        self.ready: dict[str, float] = {}
        self.management: dict[str, dict] = {}
        self.profiles: dict[str, dict] = {}
        self.account: dict = {}
        self.db: dict[str, str] = {}  # configuration -> database URL (kept out of the results)
        self.interpreter_args: tuple[str, ...] = ()  # before the proxies' `-m ...` (bench/calls.py: cProfile)

    # -- servers ----------------------------------------------------------------------------
    def migrate(self, url: str) -> float:
        started = time.monotonic()
        log = self.servers.log_dir / "migrate.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "wb") as out:
            rc = subprocess.run(python_cmd("-m", "alchemi.cli", "migrate"), env=child_env(DATABASE_URL=url),
                                stdout=out, stderr=subprocess.STDOUT, cwd=ROOT).returncode
        if rc != 0:
            raise RuntimeError(f"alchemi migrate failed ({rc}); see {log}")
        return round(time.monotonic() - started, 2)

    def alchemi_cmd(self) -> tuple[list[str], str]:
        port = free_port()
        return (python_cmd(*self.interpreter_args, "-m", "alchemi.cli", "serve", "--port", str(port),
                           "--log-level", "warning"),
                f"http://127.0.0.1:{port}")

    def launch_alchemi(self, name: str, db_url: str) -> Server:
        cmd, url = self.alchemi_cmd()
        return self.servers.launch(name, cmd, url=url, env=child_env(DATABASE_URL=db_url, LITELLM_MASTER_KEY=MASTER_KEY))

    def launch_vanilla(self, db_url: str) -> Server:
        from alchemi import boot
        from alchemi.settings import Settings

        port = free_port()
        env = child_env(**boot.litellm_environment(Settings.from_env(), db_url, MASTER_KEY))
        return self.servers.launch("litellm", python_cmd(*self.interpreter_args, "-m", "uvicorn",
                                                         "litellm.proxy.proxy_server:app",
                                                         "--host", "127.0.0.1", "--port", str(port),
                                                         "--log-level", "warning"),
                                   url=f"http://127.0.0.1:{port}", env=env)

    # -- set-up -----------------------------------------------------------------------------
    def set_up(self) -> None:
        p = self.plan
        port = free_port()
        upstream = self.servers.start("upstream", python_cmd("-m", "bench.upstream", "--port", str(port)),
                                      url=f"http://127.0.0.1:{port}", ready_path="/v1/models", timeout=30)
        self.targets["a_upstream"] = Target(upstream, f"{upstream.url}/v1/chat/completions", None)

        say("migrating a database (alchemi migrate); (b), (c) and (d) each get a copy of it")
        template = self.dbs.create("template")
        self.info["migrate_s"] = self.migrate(template)
        self.db = {name: self.dbs.create(name.split("_", 1)[1], template=template)
                   for name in ("b_litellm", "c_alchemi_1", "d_alchemi_1000")}
        others = p.accounts - 1
        say(f"seeding (d): {others:,} other accounts x {p.keys_per_account} keys, {p.teams_per_account} teams each (COPY)")
        self.info["d_alchemi_1000"] = {"seeded": seed.other_accounts(
            self.db["d_alchemi_1000"], accounts=others, keys_each=p.keys_per_account, teams_each=p.teams_per_account)}

        launches = {"b_litellm": lambda: self.launch_vanilla(self.db["b_litellm"]),
                    "c_alchemi_1": lambda: self.launch_alchemi("alchemi-1-account", self.db["c_alchemi_1"]),
                    "d_alchemi_1000": lambda: self.launch_alchemi("alchemi-many-accounts", self.db["d_alchemi_1000"])}
        labels = {"b_litellm": "litellm: first start",
                  "c_alchemi_1": "alchemi: first start (migrated, empty database)",
                  "d_alchemi_1000": f"alchemi: first start on {others:,} seeded accounts"}
        together = " (the three proxies starting at once)" if p.parallel_start else ""
        say("starting (b), (c) and (d)" + (" together" if together else " one after the other"))
        started = {}
        if p.parallel_start:
            launched = {name: launch() for name, launch in launches.items()}
            started = {name: self.servers.wait_ready(server, "/health/readiness") for name, server in launched.items()}
        else:
            for name, launch in launches.items():
                started[name] = self.servers.wait_ready(launch(), "/health/readiness")
        for name, server in started.items():
            self.ready[labels[name] + together] = server.ready_s
            if name != "b_litellm":
                self.info.setdefault(name, {})["boot_steps_s"] = boot_steps(server)

        vanilla = started["b_litellm"]
        key = gateway.add_model_and_key(vanilla.url, MASTER_KEY, upstream.url)
        self.targets["b_litellm"] = Target(vanilla, f"{vanilla.url}/chat/completions", key)
        for name in ("c_alchemi_1", "d_alchemi_1000"):
            server, db = started[name], self.db[name]
            account = gateway.new_account(server.url, MASTER_KEY)
            key = gateway.add_model_and_key(server.url, account["admin_key"], upstream.url)
            if name == "d_alchemi_1000":  # one of many alike: as many keys as every other account
                have = seed.counts(db, account["account_id"])["account_keys"]
                seed.add_keys(db, account["account_id"], p.keys_per_account - have)
                seed.analyze(db)
            self.targets[name] = Target(server, f"{server.url}/chat/completions", key)
            self.info.setdefault(name, {})["rows"] = seed.counts(db, account["account_id"])
            self.account = account  # the last one, (d)'s, is the measured account of the management plane
        for t in self.targets.values():
            if t.key:
                gateway.wait_until_chat_works(t.server.url, t.key)

    # -- data plane -------------------------------------------------------------------------
    def _run(self, name: str, concurrency: int, duration: float, warmup: float, servers: dict) -> dict:
        t = self.targets[name]
        return load.run_load(self.placement, url=t.url, body=gateway.chat_body(), headers=t.headers,
                             concurrency=concurrency, duration=duration, warmup=warmup, servers=servers,
                             also_ours=list(self.servers.running), database_url=self.db.get(name))

    def measure(self) -> dict[str, dict[str, dict]]:
        upstream = self.targets["a_upstream"].server
        for name, t in self.targets.items():
            self.info.setdefault(name, {})["server_cpus"] = self.placement.affinity(t.server)
        names = list(self.targets)
        for name in names:  # first contact: lazy imports, connection pools, caches
            self._run(name, 8, max(0.5, 2 * self.plan.warmup), 0.2, {"server": self.targets[name].server})
        rounds: dict[str, dict[str, list[dict]]] = {n: {str(c): [] for c in self.plan.concurrency} for n in names}
        for r in range(self.plan.rounds):
            order = names[r % len(names):] + names[:r % len(names)]
            for c in self.plan.concurrency:
                for name in order:
                    server = self.targets[name].server
                    metered = {"server": server} if server is upstream else {"server": server, "upstream": upstream}
                    res = self._run(name, c, self.plan.duration, self.plan.warmup, metered)
                    rounds[name][str(c)].append(res)
                    say(f"round {r + 1}/{self.plan.rounds} {name} c={c}: {res['rps']} rps, p50 {res['p50_ms']} ms, "
                        f"p99 {res['p99_ms']} ms, errors {res['errors']}, server CPU {res['server']['cpu_pct']}%, "
                        f"postgres {res['postgres_cpu_pct']}%, others' {res['foreign_cpu_pct']}%")
        return {n: {c: load.median_round(runs) for c, runs in levels.items()} for n, levels in rounds.items()}

    def profile(self) -> None:
        if self.profile_dir is None:
            return
        from bench import profile

        for name in ("b_litellm", "c_alchemi_1", "d_alchemi_1000"):
            t = self.targets[name]
            out = self.profile_dir / f"{name}.collapsed.txt"
            say(f"profiling {name} for {self.plan.profile_seconds} s at concurrency 8")
            spy = profile.record(t.server.proc.pid, out, self.plan.profile_seconds)
            time.sleep(0.5)
            self._run(name, 8, self.plan.profile_seconds, 0.5, {"server": t.server})
            spy.wait(60)
            if out.exists():
                summary = profile.summarise(out)
                kept = profile.compress(out)
                shown = kept.relative_to(ROOT) if kept.is_relative_to(ROOT) else kept
                self.profiles[name] = {**summary, "file": str(shown)}

    # -- management plane and restart ---------------------------------------------------------
    def management_plane(self) -> None:
        p = self.plan
        db_b = self.db["b_litellm"]
        seed.add_keys(db_b, None, p.mgmt_keys - seed.counts(db_b)["keys"])
        seed.add_teams(db_b, None, p.mgmt_teams)
        seed.analyze(db_b)
        vanilla = self.targets["b_litellm"].server
        self.management["b_litellm"] = {
            "description": f"(b) LiteLLM, no overlay, as the master key: {p.mgmt_keys:,} keys, {p.mgmt_teams} teams",
            "rows": seed.counts(db_b),
            "latency": load.management_plane(vanilla.url, MASTER_KEY, model=gateway.MODEL, samples=p.mgmt_samples)}

        db_d, account_id = self.db["d_alchemi_1000"], self.account["account_id"]
        seed.add_keys(db_d, account_id, p.mgmt_keys - seed.counts(db_d, account_id)["account_keys"])
        seed.add_teams(db_d, account_id, p.mgmt_teams)
        seed.analyze(db_d)
        many = self.targets["d_alchemi_1000"].server
        self.management["d_alchemi_1000"] = {
            "description": f"(d) Alchemi, as the measured account's admin: {p.mgmt_keys:,} keys and {p.mgmt_teams} "
                           f"teams in the account, among {p.accounts:,} accounts",
            "rows": seed.counts(db_d, account_id),
            "latency": load.management_plane(many.url, self.account["admin_key"], model=gateway.MODEL,
                                              samples=p.mgmt_samples)}

    def restart(self) -> None:
        """Stop (d) and start it again on its database, now the largest one."""
        db_d = self.db["d_alchemi_1000"]
        self.info["d_alchemi_1000"]["graceful_stop_s"] = self.servers.stop(self.targets["d_alchemi_1000"].server)
        rows = seed.counts(db_d)
        server = self.servers.wait_ready(self.launch_alchemi("alchemi-restart", db_d), "/health/readiness")
        self.ready[f"alchemi: restart ({rows['accounts']:,} accounts, {rows['keys']:,} keys)"] = server.ready_s
        self.info["d_alchemi_1000"]["restart_boot_steps_s"] = boot_steps(server)
        gateway.wait_until_chat_works(server.url, self.targets["d_alchemi_1000"].key)
