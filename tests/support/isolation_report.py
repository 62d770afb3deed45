"""The isolation suite's report: what the route table holds, what was probed or skipped and
why, and every leak, change and server error found, grouped by the mechanism behind it
(tests/isolation/known_leaks.py). Written to artifacts/isolation-report.json and printed."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from tests.isolation import known_leaks
from tests.support.isolation_catalog import classify
from tests.support.isolation_seed import NOT_SEEDABLE

ACCEPTED_5XX = (501, 503)


def _mechanism(table: dict, key: str) -> str:
    known = table.get(key) or (known_leaks.TIMING_DEPENDENT_LEAKS.get(key) if table is known_leaks.LEAKS else None)
    return known.mechanism if known else "NEW (not in known_leaks.py)"


def build_report(state: dict, table: dict, tests: dict[str, list] | None = None) -> dict[str, Any]:
    campaign = state["campaign"]
    results = campaign.results
    routes = table["routes"]
    ops = campaign.ops
    outcomes = [o for group in results.outcomes.values() for o in group]

    skipped: list[dict] = []
    for op in ops:
        if op.key in results.outcomes:
            continue
        if op.cls.scope in ("management", "platform"):
            reason = results.not_exercised.get(op.key, "not exercised")
        else:
            reason = f"{op.cls.scope}: {op.cls.reason}"
        skipped.append({"op": op.key, "scope": op.cls.scope, "reason": reason})

    leaks: dict[str, list[dict]] = defaultdict(list)
    errors: dict[str, list[dict]] = defaultdict(list)
    changes: dict[str, list[dict]] = defaultdict(list)
    suspected: dict[str, list[dict]] = defaultdict(list)
    for o in outcomes:
        if o.leaks and not (o.variant == "control" and not o.leaks):
            leaks[o.op].append({"variant": o.variant, "caller": o.caller, "status": o.status, "leaked": o.leaks,
                                "request": o.request, "snippet": o.snippet[:240]})
        if o.status is None or (o.status >= 500 and o.status not in ACCEPTED_5XX):
            errors[o.op].append({"variant": o.variant, "status": o.status, "error": (o.error or "")[:300],
                                 "request": o.request})
        if o.mutations:
            changes[o.op].append({"variant": o.variant, "status": o.status, "changes": o.mutations})
        if o.suspected:
            suspected[o.op].append({"variant": o.variant, "status": o.status, "changes": o.suspected})

    boundary = {caller: sorted(f"{op} -> {o.status}" for op, group in results.boundary.items() for o in group
                               if o.caller == caller and o.status != 403)
                for caller in ("super-admin", "suspended")}
    ownership = {t: {label: {w: n for w, n in places.items() if w != "own"} for label, places in per.items()}
                 for t, per in results.row_ownership.items()}
    ownership = {t: {label: p for label, p in per.items() if p} for t, per in ownership.items()}
    ownership = {t: per for t, per in ownership.items() if per}

    tenants = state.get("tenants", {})
    return {
        "summary": {
            "routes_in_table": len(routes),
            "routes_by_scope": dict(Counter(classify(r).scope for r in routes)),
            "operations_in_table": len(ops),
            "operations_by_scope": dict(Counter(op.cls.scope for op in ops)),
            "management_operations": sum(op.cls.scope in ("management", "platform") for op in ops),
            "management_operations_exercised": sum(op.cls.scope in ("management", "platform")
                                                   and op.key in results.outcomes for op in ops),
            "public_operations_probed_anonymously": sum(op.cls.scope == "public" and op.key in results.outcomes
                                                        for op in ops),
            "operations_skipped": len(skipped),
            "skipped_by_reason": dict(Counter(s["reason"] for s in skipped).most_common()),
            "requests_sent": len(outcomes) + sum(len(g) for g in results.boundary.values()),
            "operations_leaking": len(leaks),
            "leaks_by_mechanism": dict(Counter(_mechanism(known_leaks.LEAKS, op) for op in leaks).most_common()),
            "operations_changing_other_accounts_rows": sum(
                any(c.startswith("A's rows") for f in found for c in f["changes"]) for found in changes.values()),
            "operations_tying_callers_rows_to_other_accounts_ids": sum(
                any(c.startswith("B's rows") for f in found for c in f["changes"]) for found in changes.values()),
            "operations_suspected_of_moving_other_accounts_memory": len(suspected),
            "operations_with_5xx": len(errors),
            "5xx_by_mechanism": dict(Counter(_mechanism(known_leaks.SERVER_ERRORS, op) for op in errors).most_common()),
            "master_key_not_refused": len(boundary["super-admin"]),
            "suspended_key_not_refused": len(boundary["suspended"]),
            "tables_with_misplaced_rows": sorted(ownership),
            "timings_s": {"seed": state.get("seed_s"), **results.timings},
            "tests": {outcome: len(items) for outcome, items in (tests or {}).items()},
        },
        "tests": tests or {},
        "mechanisms": known_leaks.MECHANISMS,
        "leaks": {op: {"mechanism": _mechanism(known_leaks.LEAKS, op), "findings": f} for op, f in sorted(leaks.items())},
        "server_errors": {op: {"mechanism": _mechanism(known_leaks.SERVER_ERRORS, op), "findings": f}
                          for op, f in sorted(errors.items())},
        "other_accounts_rows_changed": dict(changes),
        "suspected_memory_changes": dict(suspected),
        "row_ownership_violations": ownership,
        "boundary_not_refused": boundary,
        "skipped": skipped,
        "unmapped_path_params": results.unmapped_params,
        "seeding": {label: {"seeded": t.seeded, "skipped": t.skipped, "ids": t.ids}
                    for label, t in tenants.items()} | {"not seedable here": NOT_SEEDABLE},
        "spend_rows": state.get("spend_rows"),
        "owner_view": {"before": {k: str(v) for k, v in results.owner_view_before.items()},
                       "after": {k: str(v) for k, v in results.owner_view_after.items()}},
    }


def render(report: dict) -> list[str]:
    s = report["summary"]
    lines = ["=" * 30 + " cross-tenant isolation report " + "=" * 30,
             f"routes in table: {s['routes_in_table']} {s['routes_by_scope']}",
             f"operations: {s['operations_in_table']} {s['operations_by_scope']}",
             f"management operations (incl. platform): {s['management_operations']}; exercised: "
             f"{s['management_operations_exercised']}; public GETs probed anonymously: "
             f"{s['public_operations_probed_anonymously']}; skipped: {s['operations_skipped']}; "
             f"requests sent: {s['requests_sent']}",
             "skipped by reason:"]
    lines += [f"  {n:4d}  {reason[:150]}" for reason, n in s["skipped_by_reason"].items()]
    lines.append(f"operations leaking A's data to B: {s['operations_leaking']}")
    lines += [f"  {n:4d}  {mech}" for mech, n in s["leaks_by_mechanism"].items()]
    for op, entry in report["leaks"].items():
        first = entry["findings"][0]
        lines.append(f"    {op}  [{entry['mechanism']}] {first['caller']} {first['variant']} -> "
                     f"{first['status']}: {'; '.join(first['leaked'])[:140]}")
    lines.append(f"operations that changed A's rows: {s['operations_changing_other_accounts_rows']}; "
                 f"that stored A's ids in B's rows: {s['operations_tying_callers_rows_to_other_accounts_ids']}")
    for op, found in report["other_accounts_rows_changed"].items():
        lines.append(f"    {op}: {found[0]['changes'][0][:160]}")
    lines.append(f"operations after which A's in-memory objects moved (suspected): "
                 f"{s['operations_suspected_of_moving_other_accounts_memory']}")
    for op, found in report["suspected_memory_changes"].items():
        lines.append(f"    {op}: {found[0]['changes'][0][:160]}")
    lines.append(f"operations answering 5xx / failing: {s['operations_with_5xx']}")
    lines += [f"  {n:4d}  {mech}" for mech, n in s["5xx_by_mechanism"].items()]
    for op, entry in report["server_errors"].items():
        lines.append(f"    {op}  {entry['findings'][0]['status']} {entry['findings'][0]['error'][:120]}")
    lines.append(f"tables with rows under the wrong account: {s['tables_with_misplaced_rows']}")
    lines.append(f"master key not refused: {s['master_key_not_refused']}; suspended key not refused: "
                 f"{s['suspended_key_not_refused']}")
    lines.append(f"timings (s): {s['timings_s']}")
    lines.append(f"isolation tests: {s['tests']} (xfailed = known problems, see tests/isolation/known_leaks.py)")
    return lines
