"""LiteLLM and prisma-client-py internals the tenancy layer relies on, beyond the guard's two
chokepoints (declared in alchemi/seams.py, which lists these too)."""
from __future__ import annotations

from alchemi.seamlib import Seam
from alchemi.seamlib import is_callable_with as _is_callable_with

PRISMA_BATCH_COMMIT = Seam(
    name="prisma.client.Batch.commit",
    target="prisma.client:Batch.commit",
    kind="wrap",
    contract=(
        "`batch_()` sends its queued queries to the engine in one request from `commit()`. Writes "
        "queued in an account's scope that name other objects are checked before the original "
        "commit runs (the check is a query, which `Batch._add` cannot await; references.py)."),
    check=_is_callable_with("self"),
)

HANDLE_EXCEPTION_ON_PROXY = Seam(
    name="utils.handle_exception_on_proxy",
    target="litellm.proxy.utils:handle_exception_on_proxy",
    kind="read",
    contract=(
        "Management handlers turn an exception into a ProxyException whose code is the exception's "
        "`status_code` attribute (500 without one). The guard's refusals (ForeignReference, "
        "IdNotAvailable) carry a 4xx there; handlers that wrap as 500 instead are answered by the "
        "gateway's RefusalGuard."),
    check=_is_callable_with("e"),
)

SPEND_WRITER_END_USER = Seam(
    name="db_spend_update_writer.DBSpendUpdateWriter._update_user_db",
    target="litellm.proxy.db.db_spend_update_writer:DBSpendUpdateWriter._update_user_db",
    kind="wrap",
    contract=(
        "Queues a request's spend for its user and end user (`end_user_id`, the request's `user`), "
        "in the request's scope; the system-scope flush upserts LiteLLM_EndUserTable by that id "
        "(`ProxyUpdateSpend.update_end_user_spend`). We queue the end user under the account's "
        "namespaced id, so the flush updates that account's row and a trigger stamps a new one."),
    check=_is_callable_with("self", "response_cost", "user_id", "prisma_client", "litellm_proxy_budget_name",
                            "end_user_id"),
)

SPEND_WRITER_TAGS = Seam(
    name="db_spend_update_writer.DBSpendUpdateWriter._update_tag_db",
    target="litellm.proxy.db.db_spend_update_writer:DBSpendUpdateWriter._update_tag_db",
    kind="wrap",
    contract=(
        "Queues a request's spend per request tag (`request_tags`, a JSON list), in the request's "
        "scope; the system-scope flush runs update_many(tag_name=...) on LiteLLM_TagTable. Tag names "
        "are namespaced keys, so we queue them namespaced and the flush reaches the account's tags."),
    check=_is_callable_with("self", "response_cost", "request_tags", "prisma_client"),
)

SEAMS: tuple[Seam, ...] = (PRISMA_BATCH_COMMIT, HANDLE_EXCEPTION_ON_PROXY, SPEND_WRITER_END_USER, SPEND_WRITER_TAGS)
