"""Every raw SQL statement LiteLLM sends through prisma-client-py, reviewed for tenancy.

Plain data. Raw SQL (query_raw / execute_raw / query_first) bypasses the model-level guard, so
each site is judged against the mechanism in alchemi/tenancy/prisma_guard.py and views.py:
in an account's scope the statement runs with `search_path = alchemi_tenant, public`, where
each scoped table is a view of that account's rows; in system scope it runs unchanged on the
public tables (spend tables then get their account from the key-derived triggers); with no
scope it is refused.

- SITES: one entry per call of query_raw / execute_raw / query_first in the installed
  litellm package, named by file (relative to the package), enclosing function, method and a
  short snippet of its SQL; `call` tells apart several calls of one method in one function.
- ROUTED: statements that reach a "pass-through" site (a function whose SQL is a parameter,
  e.g. spend_management_endpoints._query_raw) from its callers, one entry per helper call.
  `via` names the helper; a helper that passes its own parameter on (_query_raw_or_none) is
  itself a helper.

Handling:
- tenant-views: unqualified tables resolve to the account's views; verified correct.
- system-by-design: platform work (catalog, locks, SET, heartbeat, start-up DDL), or a
  background statement that is right unfiltered; the note says why.
- trigger-stamped: a background insert whose rows get their account from the triggers of
  prisma/migrations/20261121020000_account_from_key_triggers.
- account-only: would read every account's rows as platform work (a scheduled export); that run is
  refused (alchemi/runtime/platform_jobs.py) and the statement runs only in an account's scope,
  where the views confine it.
- needs-fix: the mechanism gets it wrong; `fix` says how to fix it.

Scope: request (an account's scope), background (a scheduler job: system scope), start-up
(system scope), either (both, the note says which path does what).

tests/tenancy/test_raw_sql_sites.py fails on a call (or a helper call) that is not listed,
on a stale entry, and runs a sample of the tenant-views statements against two accounts;
scripts/raw_sql_doc.py renders the table in docs/tenancy.md. Reviewed against LiteLLM 1.102.4.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

TENANT_VIEWS = "tenant-views"
SYSTEM_BY_DESIGN = "system-by-design"
TRIGGER_STAMPED = "trigger-stamped"
ACCOUNT_ONLY = "account-only"
NEEDS_FIX = "needs-fix"
HANDLINGS = (TENANT_VIEWS, SYSTEM_BY_DESIGN, TRIGGER_STAMPED, ACCOUNT_ONLY, NEEDS_FIX)

REQUEST, BACKGROUND, STARTUP, EITHER = "request", "background", "start-up", "either"
SCOPES = (REQUEST, BACKGROUND, STARTUP, EITHER)

REVIEWED_LITELLM = "1.102.4"


@dataclass(frozen=True)
class Site:
    file: str
    function: str
    method: str
    sql: str
    tables: tuple[str, ...]
    scope: str
    handling: str
    note: str
    call: str = ""
    fix: str = ""


@dataclass(frozen=True)
class Routed:
    via: str  # "file::helper"
    function: str
    sql: str
    tables: tuple[str, ...]
    scope: str
    handling: str
    note: str
    call: str = ""
    fix: str = ""

    @property
    def file(self) -> str:
        return self.via.split("::")[0]


_Q, _E, _F = "query_raw", "execute_raw", "query_first"
_V, _S, _T, _A, _X = TENANT_VIEWS, SYSTEM_BY_DESIGN, TRIGGER_STAMPED, ACCOUNT_ONLY, NEEDS_FIX
SL, VT, TT, UT = "LiteLLM_SpendLogs", "LiteLLM_VerificationToken", "LiteLLM_TeamTable", "LiteLLM_UserTable"
AG, DUS, EL = "LiteLLM_AccessGroupTable", "LiteLLM_DailyUserSpend", "LiteLLM_ErrorLogs"
SEJ, SEA = "LiteLLM_ShadowEvalJob", "LiteLLM_ShadowEvalAttempt"

_RETENTION_NOTE = (
    "Cleanup job (system scope) prunes every account's rows older than the platform's retention. "
    "The job reads general_settings as platform work, which sees the platform layer only "
    "(alchemi/runtime/general_settings.py), and an account's settings change cannot reschedule it "
    "(ProxyConfig._reschedule_spend_log_cleanup_job is ignored in an account's scope: "
    "alchemi/runtime/platform_jobs.py): retention is a platform setting.")
_REPORT_NOTE = (
    " The scheduled (system-scope) runs of send_weekly_spend_report / send_monthly_spend_report / "
    "send_user_spend_alerts are skipped (alchemi/runtime/platform_jobs.py), so no cross-account sum is "
    "posted; in an account's scope (/health/services?service=slack_budget_alerts) the views confine the "
    "statements and the report goes to the account's own alerter and webhook (alchemi/runtime/alerting.py).")
SITES: tuple[Site, ...] = (
    # ---- litellm/integrations ----------------------------------------------------------------
    Site("integrations/SlackAlerting/user_spend_alerts.py", "fetch_user_spend_rows", _Q,
         'FROM "LiteLLM_DailyUserSpend"', (DUS,), BACKGROUND, _A,
         "The user_spend_alerts_job sums users' daily and monthly spend in one query and posts the "
         "threshold/anomaly alerts (user ids and amounts) to the alerting webhook." + _REPORT_NOTE),
    Site("integrations/cloudzero/database.py", "get_usage_data", _Q,
         'FROM "LiteLLM_DailyUserSpend" dus', (DUS, VT, TT, UT), EITHER, _A,
         "From /cloudzero/export and /cloudzero/dry-run it runs in the account's scope and the "
         "views confine it. The hourly CloudZero export job would run it in system scope (every "
         "account's spend to one CloudZero connection); that run is skipped "
         "(CloudZeroLogger.initialize_cloudzero_export_job: alchemi/runtime/platform_jobs.py)."),
    Site("integrations/email_alerting.py", "get_all_team_member_emails", _Q,
         "WHERE user_id = ANY($1::TEXT[])", (UT,), REQUEST, _V,
         "E-mails of the members of a team the account's budget alert names; user ids come from "
         "the team row read through the guard, and the view hides other accounts' users."),
    Site("integrations/focus/database.py", "get_usage_data", _Q,
         'FROM "LiteLLM_DailyUserSpend" dus', (DUS, VT, TT, UT, "LiteLLM_OrganizationTable"),
         EITHER, _A,
         "From the Vantage/FOCUS dry-run endpoints it runs in the account's scope (views). The "
         "scheduled FOCUS, Vantage and Mavvrik exports would run it in system scope (every "
         "account's spend rows to one destination); those runs are skipped "
         "(alchemi/runtime/platform_jobs.py)."),
    Site("integrations/focus/database.py", "get_table_info", _Q,
         "FROM information_schema.columns", ("information_schema.columns",), EITHER, _S,
         "Catalog diagnostics with no caller in 1.102.4; it would list the columns of both the "
         "public table and the alchemi_tenant view (account_id included), no tenant data."),
    # ---- litellm/proxy/_experimental ---------------------------------------------------------
    Site("proxy/_experimental/mcp_server/db.py", "merge_user_env_vars", _E,
         "SELECT pg_advisory_xact_lock($1::bigint)", (), REQUEST, _S,
         "Transaction advisory lock keyed on hash(user_id:server_id), both platform-unique ids; "
         "no table. Runs inside the account's transaction, so it lasts until the upsert commits."),
    # ---- proxy/analytics_endpoints -----------------------------------------------------------
    Site("proxy/analytics_endpoints/cache_activity.py", "get_cache_activity", _Q,
         'LEFT JOIN "LiteLLM_VerificationToken" vt ON sl."api_key" = vt."token"', (SL, VT), REQUEST, _V,
         "/cache/activity groups: the account's spend logs joined to its keys.", call="GROUPS_SQL, start_date"),
    Site("proxy/analytics_endpoints/cache_activity.py", "get_cache_activity", _Q,
         "AS error_class", (SL, VT), REQUEST, _V,
         "/cache/activity error breakdown of the account's failed requests.", call="ERROR_BREAKDOWN_SQL"),
    Site("proxy/analytics_endpoints/cache_activity.py", "get_cache_activity", _Q,
         "SELECT DISTINCT COALESCE(vt.\"key_alias\", 'Unnamed Key') AS key_alias", (SL, VT), REQUEST, _V,
         "Filter options: only the account's key aliases.", call="KEY_ALIAS_OPTIONS_SQL"),
    Site("proxy/analytics_endpoints/cache_activity.py", "get_cache_activity", _Q,
         'SELECT DISTINCT sl."model" AS model', (SL,), REQUEST, _V,
         "Filter options: only models the account called.", call="MODEL_OPTIONS_SQL"),
    # ---- proxy/auth --------------------------------------------------------------------------
    Site("proxy/auth/auth_object_prefetch.py", "_fetch_rows", _F,
         'FROM "LiteLLM_TeamMembership" tm WHERE tm.user_id = $3 AND tm.team_id = $2',
         (UT, "LiteLLM_OrganizationMembership", TT, "LiteLLM_ModelTable", "LiteLLM_TeamMembership",
          "LiteLLM_OrganizationTable", "LiteLLM_ProjectTable", "LiteLLM_BudgetTable",
          "LiteLLM_ObjectPermissionTable"), REQUEST, _V,
         "Auth prefetch of the key's user/team/membership/org/project rows; to_jsonb of the views "
         "shows sso_user_id without its prefix and adds account_id, which the models ignore."),
    # ---- proxy/common_utils ------------------------------------------------------------------
    Site("proxy/common_utils/reset_budget_job.py", "_reset_window_page", _Q,
         "WHERE budget_limits IS NOT NULL AND", (VT, TT), BACKGROUND, _S,
         "Budget-window reset job pages through every account's keys and teams with budget_limits "
         "(page_query of each _WindowSource); each row is written back by its platform-unique "
         "token / team_id, so resetting all accounts in one walk is correct."),
    # ---- proxy/db ----------------------------------------------------------------------------
    Site("proxy/db/autorouter_session_rollup.py", "_upsert_turn_with_retry", _E,
         'INSERT INTO "LiteLLM_AutoRouterSession" AS t', ("LiteLLM_AutoRouterSession",), BACKGROUND, _T,
         "Spend-log flush job; the row carries api_key, so the trigger stamps the key's account; "
         "ON CONFLICT (api_key, session_id, router_name) includes the key, so accounts never share "
         "a row."),
    Site("proxy/db/budget_window_spend_writer.py", "spend_logs_seed_totals", _Q,
         "WHERE api_key = $1 AND", (SL,), BACKGROUND, _S,
         "Seeds a new window row from the spend logs of one key hash (platform-unique) in the "
         "spend flush job; unfiltered is right.", call="query_raw(unbounded_sql"),
    Site("proxy/db/budget_window_spend_writer.py", "spend_logs_seed_totals", _Q,
         "WHERE team_id = $1 AND", (SL,), BACKGROUND, _S,
         "Same seed bounded at the batch start, for a key hash or a team id (platform-unique).",
         call="query_raw(bounded_sql"),
    Site("proxy/db/budget_window_spend_writer.py", "_existing_primary_keys", _Q,
         'SELECT entity_type, entity_id, window_duration FROM "LiteLLM_BudgetWindowSpend"',
         ("LiteLLM_BudgetWindowSpend",), BACKGROUND, _S,
         "Spend flush job reads which window rows exist by (entity_type, entity_id, duration); "
         "entity ids are key hashes or team ids, so the public rows are the right ones. Correct "
         "once commit_window_spend_updates' rows carry their account (see there)."),
    Site("proxy/db/budget_window_spend_writer.py", "commit_window_spend_updates", _E,
         'ON CONFLICT (entity_type, entity_id, window_duration) DO UPDATE SET',
         ("LiteLLM_BudgetWindowSpend",), BACKGROUND, TRIGGER_STAMPED,
         "Spend flush job (system scope, inside tx() + batch_(), allowed only there) inserts "
         "window rows with a bare entity_id; only entity types 'key' and 'team' reach the table, "
         "whose ids are platform-unique, so the table is account_column (not namespaced) and the "
         "stamping trigger takes the owner from the key (alchemi_account_of_key) or the team row "
         "(migration 20261121030000_budget_window_owner)."),
    Site("proxy/db/budget_window_spend_writer.py", "roll_window_spend_row", _E,
         'UPDATE "LiteLLM_BudgetWindowSpend" SET', ("LiteLLM_BudgetWindowSpend",), BACKGROUND, _S,
         "Budget reset job rolls one row by (entity_type, entity_id, duration) of a key or team "
         "it read across accounts; ids are platform-unique, so unfiltered is right."),
    Site("proxy/db/create_views.py", "create_view_tolerating_race", _E,
         "await db.execute_raw(ddl)", (), STARTUP, _S,
         "CREATE VIEW of LiteLLM's reporting views in public at start-up (pass-through: see the routed table). "
         "alchemi/tenancy/views.py runs create_missing_views itself (psycopg, not Prisma) before "
         "building the alchemi_tenant copies, so start-up finds them all and creates nothing."),
    *(Site("proxy/db/create_views.py", "create_missing_views", _Q, f'SELECT 1 FROM "{view}" LIMIT 1', (view,),
           STARTUP, _S, f"Start-up probe that public.\"{view}\" exists (system scope).",
           call=f'"{view}" LIMIT 1')
      for view in ("LiteLLM_VerificationTokenView", "MonthlyGlobalSpend", "Last30dKeysBySpend",
                   "Last30dModelsBySpend", "MonthlyGlobalSpendPerKey", "MonthlyGlobalSpendPerUserPerKey",
                   "DailyTagSpend", "Last30dTopEndUsersSpend")),
    Site("proxy/db/create_views.py", "should_create_missing_views", _Q,
         "WHERE oid = '\"LiteLLM_SpendLogs\"'::regclass;", ("pg_class",), STARTUP, _S,
         "Start-up row estimate of the public table. The regclass follows search_path: in an "
         "account's scope it would name the view (reltuples -1), so it must stay start-up only."),
    Site("proxy/db/db_spend_update_writer.py", "_update_daily_spend", _E,
         "await prisma_client.db.execute_raw(sql, *params)",
         (DUS, "LiteLLM_DailyTeamSpend", "LiteLLM_DailyOrganizationSpend", "LiteLLM_DailyEndUserSpend",
          "LiteLLM_DailyAgentSpend", "LiteLLM_DailyTagSpend"), BACKGROUND, _T,
         "build_bulk_upsert's INSERT ... ON CONFLICT (entity, date, api_key, model, provider, tool, "
         "endpoint) from the spend flush job; each row carries api_key, so the trigger stamps the "
         "key's account and the conflict key keeps accounts apart. Rows whose api_key is '' (no "
         "key) stay unowned and invisible to every account."),
    Site("proxy/db/db_transaction_queue/spend_log_cleanup.py", "_execute_delete_batch", _E,
         "SET LOCAL statement_timeout", (), BACKGROUND, _S,
         "Transaction-local timeout of the cleanup batch; no table.", call="statement_timeout"),
    Site("proxy/db/db_transaction_queue/spend_log_cleanup.py", "_execute_delete_batch", _E,
         "SET LOCAL lock_timeout", (), BACKGROUND, _S,
         "Transaction-local lock timeout of the cleanup batch; no table.", call="lock_timeout"),
    Site("proxy/db/db_transaction_queue/spend_log_cleanup.py", "_execute_delete_batch", _E,
         "DELETE FROM \"{table_name}\"", (SL, "LiteLLM_SpendLogToolIndex", "LiteLLM_AutoRouterSession",
                                         "LiteLLM_HealthCheckTable"), BACKGROUND, _S,
         _RETENTION_NOTE + " (pass-through: the DELETE comes from _delete_old_rows_batched.)",
         call="delete_sql"),
    Site("proxy/db/db_transaction_queue/spend_log_cleanup.py", "_count_remaining", _E,
         "SET LOCAL statement_timeout = {self._timeout_ms(deadline)}", (), BACKGROUND, _S,
         "Transaction-local timeout of the backlog probe; no table."),
    Site("proxy/db/db_transaction_queue/spend_log_cleanup.py", "_count_remaining", _Q,
         "SELECT count(*)::int AS remaining FROM (", (SL, "LiteLLM_SpendLogToolIndex", "LiteLLM_AutoRouterSession",
                                                    "LiteLLM_HealthCheckTable"), BACKGROUND, _S,
         "Capped count of expired rows across accounts, only logged (observability of the job)."),
    Site("proxy/db/db_transaction_queue/spend_logs_partition_manager.py", "is_partitioned", _E,
         "SET LOCAL statement_timeout = {budget_ms}", (), BACKGROUND, _S, "Transaction-local timeout; no table."),
    Site("proxy/db/db_transaction_queue/spend_logs_partition_manager.py", "is_partitioned", _Q,
         "FROM pg_partitioned_table pt", ("pg_partitioned_table", "pg_class", "pg_namespace"), BACKGROUND, _S,
         "Catalog probe on current_schema(): public in system scope. In an account's scope "
         "current_schema() is alchemi_tenant, so it must stay in the system-scope job."),
    Site("proxy/db/db_transaction_queue/spend_logs_partition_manager.py", "_execute_bounded_ddl", _E,
         "SET LOCAL statement_timeout = {timeout_ms}", (), BACKGROUND, _S,
         "Transaction-local timeout of partition DDL; no table.", call="statement_timeout"),
    Site("proxy/db/db_transaction_queue/spend_logs_partition_manager.py", "_execute_bounded_ddl", _E,
         "SET LOCAL lock_timeout = {timeout_ms}", (), BACKGROUND, _S,
         "Transaction-local lock timeout of partition DDL; no table.", call="lock_timeout"),
    Site("proxy/db/db_transaction_queue/spend_logs_partition_manager.py", "_execute_bounded_ddl", _E,
         "await tx.execute_raw(statement)", (SL,), BACKGROUND, _S,
         "Pass-through for partition DDL (statements: see the routed table): CREATE of upcoming partitions is platform "
         "work, and DROP of expired partitions follows the platform's retention (accounts cannot set it: "
         "alchemi/runtime/platform_jobs.py). Unqualified CREATE TABLE would land in alchemi_tenant in an "
         "account's scope: system scope only.",
         call="execute_raw(statement)"),
    Site("proxy/db/db_transaction_queue/spend_logs_partition_manager.py", "_list_partitions", _E,
         "SET LOCAL statement_timeout = {timeout_ms}", (), BACKGROUND, _S, "Transaction-local timeout; no table."),
    Site("proxy/db/db_transaction_queue/spend_logs_partition_manager.py", "_list_partitions", _Q,
         "pg_get_expr(c.relpartbound, c.oid) AS bound", ("pg_inherits", "pg_class", "pg_namespace"),
         BACKGROUND, _S, "Catalog listing of the spend-log partitions in current_schema() (public)."),
    Site("proxy/db/gateway_request_tracking.py", "commit_gateway_requests_to_db", _E,
         'ON CONFLICT ("date", "category", "route") DO UPDATE SET', ("LiteLLM_DailyGatewayRequests",),
         BACKGROUND, _T,
         "The flush job (system scope, possibly via the Redis buffer) upserts the folded counts. The "
         "accumulator records an account's requests under its namespaced route '<account>::<route>' "
         "(alchemi/runtime/gateway_requests.py), so ON CONFLICT (date, category, route) keeps accounts "
         "apart, and the stamping trigger gives each row the account its prefix names (migration "
         "20261122020000_gateway_request_owner); requests with no account stay platform rows."),
    Site("proxy/db/health_check_latest.py", "fetch_latest_health_checks", _Q,
         'SELECT DISTINCT ON ("model_id", "model_name")', ("LiteLLM_HealthCheckTable",), EITHER, _V,
         "/health/latest and the /health save path read the account's latest checks through the "
         "view. The background health loop reads all accounts' latest rows in system scope only "
         "to decide whether to save (deployment ids are unique), which is right; its saved rows "
         "(Prisma create, not raw SQL) get no account, since no trigger covers this table."),
    Site("proxy/db/health_check_latest.py", "fetch_latest_health_checks_for_models", _Q,
         'WHERE "model_name" = ANY($1)', ("LiteLLM_HealthCheckTable",), REQUEST, _V,
         "Model hub health decoration: only the account's checks (empty on the public hub, which "
         "runs with no account)."),
    Site("proxy/db/proxy_worker_heartbeat.py", "beat", _E,
         'INSERT INTO "LiteLLM_ProxyWorkerHeartbeat"', ("LiteLLM_ProxyWorkerHeartbeat",), BACKGROUND, _S,
         "Worker liveness row (global table, no tenant data).", call="BEAT_SQL"),
    Site("proxy/db/proxy_worker_heartbeat.py", "beat", _E,
         'DELETE FROM "LiteLLM_ProxyWorkerHeartbeat"', ("LiteLLM_ProxyWorkerHeartbeat",), BACKGROUND, _S,
         "Prunes stale worker rows (global table).", call="PRUNE_SQL"),
    Site("proxy/db/proxy_worker_heartbeat.py", "deregister", _E,
         "WHERE worker_id = $1", ("LiteLLM_ProxyWorkerHeartbeat",), EITHER, _S,
         "Shutdown deregistration (global table)."),
    Site("proxy/db/proxy_worker_heartbeat.py", "count_live_proxy_workers", _Q,
         "SELECT COUNT(*)::int AS live_workers", ("LiteLLM_ProxyWorkerHeartbeat",), EITHER, _S,
         "Deployment-wide worker count for the health endpoint; the table has no view, so even "
         "in an account's scope it reads public, which is what it means."),
    Site("proxy/db/shadow_eval_funnel.py", "flush_shadow_eval_funnel", _E,
         'INSERT INTO "LiteLLM_ShadowEvalFunnel"', ("LiteLLM_ShadowEvalFunnel",), BACKGROUND, _S,
         "via_parent table without account_id: counters keyed by the job leg's uuid, which "
         "belongs to one account's job; readers only pass job ids of the account's own jobs."),
    # ---- proxy/management_endpoints ----------------------------------------------------------
    Site("proxy/management_endpoints/auto_router_endpoints.py", "_query_raw", _Q,
         "return await prisma_client.db.query_raw(query, *args)", (SEJ, SEA, "LiteLLM_ShadowEvalFunnel",
                                                                   "LiteLLM_AutoRouterSession"), REQUEST, _V,
         "Pass-through for the auto-router benchmark and shadow-eval reads (statements: see the routed table)."),
    Site("proxy/management_endpoints/auto_router_endpoints.py", "start_shadow_eval", _E,
         'UPDATE "LiteLLM_ShadowEvalJob" j SET stopped_at', (SEJ, SEA), REQUEST, _V,
         "Sweeps the account's finished jobs for the requested targets; attempts are counted by "
         "the job's own id (via_parent)."),
    Site("proxy/management_endpoints/auto_router_endpoints.py", "stop_shadow_eval_job", _E,
         "SET stopped_by = $2, stopped_at = COALESCE(stopped_at, $3::timestamp)", (SEJ, SEA), REQUEST, _V,
         "Stops a job group by id; another account's group id matches no row in the view (0 rows, "
         "then the 404 from the guarded find_many)."),
    Site("proxy/management_endpoints/common_daily_activity.py", "get_daily_activity_aggregated", _Q,
         "GROUPING SETS", (DUS, "LiteLLM_DailyTeamSpend", "LiteLLM_DailyOrganizationSpend",
                           "LiteLLM_DailyEndUserSpend", "LiteLLM_DailyAgentSpend", "LiteLLM_DailyTagSpend"),
         REQUEST, _V, "Daily activity aggregate (_build_aggregated_sql_query) over the account's rows.",
         call="query_raw(sql_query"),
    Site("proxy/management_endpoints/common_daily_activity.py", "get_daily_activity_aggregated", _Q,
         "GROUPING SETS", (DUS, "LiteLLM_DailyTeamSpend", "LiteLLM_DailyOrganizationSpend",
                           "LiteLLM_DailyEndUserSpend", "LiteLLM_DailyAgentSpend", "LiteLLM_DailyTagSpend"),
         REQUEST, _V, "Same aggregate, run alone when no entity breakdown is asked.", call="query_raw(sql_query"),
    Site("proxy/management_endpoints/common_daily_activity.py", "get_daily_activity_aggregated", _Q,
         "def _build_entity_rollup_sql_query", (DUS, "LiteLLM_DailyTeamSpend", "LiteLLM_DailyOrganizationSpend",
                                                "LiteLLM_DailyEndUserSpend", "LiteLLM_DailyAgentSpend",
                                                "LiteLLM_DailyTagSpend"),
         REQUEST, _V, "Per-entity companion rollup over the account's rows.", call="entity_query[0]"),
    Site("proxy/management_endpoints/gateway_request_endpoints.py", "get_gateway_daily_activity", _Q,
         'FROM "LiteLLM_DailyGatewayRequests"', ("LiteLLM_DailyGatewayRequests",), REQUEST, _V,
         "Reads the account's rows with route shown without its prefix; empty until the writer "
         "(commit_gateway_requests_to_db) records counts per account."),
    Site("proxy/management_endpoints/internal_user_endpoints.py", "_fetch_admin_teams_and_keys_rows", _Q,
         "return await prisma_client.db.query_raw(sql_query)", (TT, VT), REQUEST, _V,
         "Pass-through for the admin's all-teams-and-keys query (statements: see the routed table)."),
    Site("proxy/management_endpoints/key_management_endpoints.py", "key_aliases", _Q,
         'SELECT COUNT(*) AS count FROM "LiteLLM_VerificationToken" WHERE', (VT,), REQUEST, _V,
         "/key/aliases count over the account's keys.", call="count_sql"),
    Site("proxy/management_endpoints/key_management_endpoints.py", "key_aliases", _Q,
         'f" ORDER BY key_alias ASC"', (VT,), REQUEST, _V, "/key/aliases page of the account's key aliases.",
         call="aliases_sql"),
    Site("proxy/management_endpoints/management_v1/budgets.py", "count", _Q,
         'f"SELECT COUNT(*) AS count FROM {BUDGET_TABLE}"', ("LiteLLM_BudgetTable",), REQUEST, _V,
         "v1 budgets list count over the account's budgets."),
    Site("proxy/management_endpoints/management_v1/budgets.py", "find_many", _Q,
         'f"SELECT {SELECTED_COLUMNS} FROM {BUDGET_TABLE}"', ("LiteLLM_BudgetTable",), REQUEST, _V,
         "v1 budgets list page of the account's budgets."),
    Site("proxy/management_endpoints/management_v1/spend_logs.py", "_list_spend_log_facet", _Q,
         'f"SELECT DISTINCT {column_sql} FROM ("', (SL,), REQUEST, _V,
         "Facet values (models, keys, ...) from the account's spend logs."),
    Site("proxy/management_endpoints/model_management_endpoints.py", "_auto_router_capability_slot", _Q,
         'SELECT 1 AS locked FROM pg_advisory_xact_lock($1)', (), REQUEST, _S,
         "Advisory lock on a constant key: serialises auto-router writes of all accounts for a "
         "moment; no table.", call="_CAPABILITY_LOCK_SQL"),
    Site("proxy/management_endpoints/model_management_endpoints.py", "_auto_router_capability_slot", _Q,
         'FROM "LiteLLM_ProxyModelTable"', ("LiteLLM_ProxyModelTable",), REQUEST, _V,
         "Counts the account's auto-router deployments against the license's per-capability "
         "limit, so the unlicensed quota (one per capability) applies per account, as if each "
         "account had its own LiteLLM. The config.yaml routers it adds are process-wide.",
         call="_CAPABILITY_DB_ROWS_SQL"),
    Site("proxy/management_endpoints/team_endpoints.py", "_add_team_members_to_team", _Q,
         "SELECT pg_advisory_xact_lock(hashtext($1)) IS NULL AS locked", (), REQUEST, _S,
         "Team advisory lock (TEAM_ADVISORY_LOCK_SQL) keyed on the platform-unique team id; no table."),
    Site("proxy/management_endpoints/team_endpoints.py", "team_member_delete", _Q,
         "SELECT pg_advisory_xact_lock(hashtext($1)) IS NULL AS locked", (), REQUEST, _S,
         "Team advisory lock on the team id; no table."),
    Site("proxy/management_endpoints/team_endpoints.py", "delete_team", _Q,
         "SELECT pg_advisory_xact_lock(hashtext($1)) IS NULL AS locked", (), REQUEST, _S,
         "Team advisory locks taken before the delete; no table."),
    Site("proxy/management_endpoints/team_endpoints.py", "_sweep_deleted_team_references", _E,
         'UPDATE "LiteLLM_UserTable" SET teams = array_remove(teams, $1) WHERE $1 = ANY(teams)', (UT,),
         REQUEST, _V, "Strips a deleted team id from the account's users only."),
    Site("proxy/management_endpoints/team_endpoints.py", "_sweep_deleted_team_references_tx", _E,
         'UPDATE "LiteLLM_UserTable" SET teams = array_remove(teams, $1) WHERE $1 = ANY(teams)', (UT,),
         REQUEST, _V, "Same sweep inside the delete transaction."),
    Site("proxy/management_endpoints/team_endpoints.py", "team_model_add", _E,
         "THEN ARRAY['all-proxy-models']::text[]", (TT,), REQUEST, _V,
         "Atomic append to the team's models; another account's team id updates no row."),
    Site("proxy/management_endpoints/team_endpoints.py", "get_team_spend_by_user", _Q,
         'LEFT JOIN "LiteLLM_UserTable" u ON u.user_id = sl."user"', (SL, UT), REQUEST, _V,
         "/team/spend/by_user (_team_user_spend_sql) over the account's spend logs and users."),
    Site("proxy/management_endpoints/user_agent_analytics_endpoints.py", "_query_raw", _Q,
         "return await prisma_client.db.query_raw(sql_query, *params)", ("LiteLLM_DailyTagSpend", VT),
         REQUEST, _V, "Pass-through for the user-agent analytics reads (statements: see the routed table)."),
    # ---- proxy/management_helpers ------------------------------------------------------------
    Site("proxy/management_helpers/access_group_key_sync.py", "_write_membership", _Q,
         "await _raw_executor(prisma_client).query_raw(sql, key_token, sorted(access_group_ids))", (AG,),
         EITHER, _V,
         "Pass-through for the key <-> access group attach/detach (statements: see the routed table)."),
    Site("proxy/management_helpers/access_group_key_sync.py", "sync_key_regeneration_access_group_membership", _Q,
         'SET "assigned_key_ids" = array_append(array_remove(array_remove("assigned_key_ids", $1), $2), $2)',
         (AG,), EITHER, _V,
         "Re-points groups from the old token to the regenerated one: the account's groups in a "
         "request; from the key-rotation job (system scope) it matches groups by the old token "
         "hash, which only the key's own account's groups hold."),
    Site("proxy/management_helpers/access_group_model_sync.py", "_still_backed", _Q,
         'SELECT COUNT(*)::int AS deployment_count FROM "LiteLLM_ProxyModelTable"',
         ("LiteLLM_ProxyModelTable",), REQUEST, _V,
         "Whether any of the account's deployments still serve a model name (names repeat across "
         "accounts, so the view is what makes this right; the router check before it is "
         "process-wide)."),
    Site("proxy/management_helpers/access_group_model_sync.py", "_rewrite_groups", _Q,
         "touched_rows: Final = await executor.query_raw(sql, *names)", (AG,), REQUEST, _V,
         "Pass-through for the model-rename/delete access-group rewrite (statements: see the routed table)."),
    Site("proxy/management_helpers/access_group_team_sync.py", "reconcile_team_access_group_membership", _Q,
         "SELECT pg_advisory_xact_lock(hashtext($1)) IS NULL AS locked", (), REQUEST, _S,
         "Team advisory lock on the team id; no table.", call="TEAM_ADVISORY_LOCK_SQL"),
    Site("proxy/management_helpers/access_group_team_sync.py", "reconcile_team_access_group_membership", _Q,
         'SELECT access_group_ids FROM "LiteLLM_TeamTable" WHERE team_id = $1', (TT,), REQUEST, _V,
         "Reads the account's team row.", call="_READ_TEAM_SQL"),
    Site("proxy/management_helpers/access_group_team_sync.py", "reconcile_team_access_group_membership", _Q,
         'SELECT access_group_id FROM "LiteLLM_AccessGroupTable"', (AG,), REQUEST, _V,
         "The account's groups on either side of the reconcile.", call="_AFFECTED_SQL"),
    Site("proxy/management_helpers/access_group_team_sync.py", "reconcile_team_access_group_membership", _Q,
         "SET assigned_team_ids = array_append(COALESCE(assigned_team_ids, ARRAY[]::TEXT[]), $1)", (AG,),
         REQUEST, _V, "UPDATE ... RETURNING through the view: only the account's groups.", call="_ATTACH_SQL"),
    Site("proxy/management_helpers/access_group_team_sync.py", "reconcile_team_access_group_membership", _Q,
         "SET assigned_team_ids = array_remove(assigned_team_ids, $1)", (AG,), REQUEST, _V,
         "UPDATE ... RETURNING through the view: only the account's groups.", call="_DETACH_SQL"),
    # ---- proxy/proxy_server.py ---------------------------------------------------------------
    Site("proxy/proxy_server.py", "model_streaming_metrics", _Q, "AS time_to_first_token", (SL,), REQUEST, _V,
         "/model/streaming_metrics over the account's spend logs."),
    Site("proxy/proxy_server.py", "model_metrics", _Q, "AS avg_latency_per_token", (SL,), REQUEST, _V,
         "/model/metrics over the account's spend logs."),
    Site("proxy/proxy_server.py", "model_metrics_slow_responses", _Q, "AS slow_count", (SL,), REQUEST, _V,
         "/model/metrics/slow_responses over the account's spend logs."),
    Site("proxy/proxy_server.py", "model_metrics_exceptions", _Q, "AS num_rate_limit_exceptions", (EL,),
         REQUEST, _V, "/model/metrics/exceptions over the account's error logs (stamped from the request's "
                      "spend log)."),
    # ---- proxy/spend_tracking ----------------------------------------------------------------
    Site("proxy/spend_tracking/key_metadata_recovery.py", "_reverse_hash_key_metadata", _Q,
         "lambda: prisma_client.db.query_raw(sql, sorted(wanted))", (VT, "LiteLLM_DeletedVerificationToken"),
         EITHER, _V, "Pass-through for the reverse-hash key lookups (statements: see the routed table)."),
    Site("proxy/spend_tracking/key_metadata_recovery.py", "_spend_log_rows_within_the_statement_timeout", _E,
         "SET LOCAL statement_timeout = {SPEND_LOG_KEY_METADATA_QUERY_TIMEOUT_MS}", (), EITHER, _S,
         "Transaction-local timeout; no table."),
    Site("proxy/spend_tracking/key_metadata_recovery.py", "_spend_log_rows_within_the_statement_timeout", _Q,
         "MIN(key_alias) AS first_alias", (SL,), EITHER, _V,
         "Key aliases recovered from the spend logs of the asked key hashes: the account's logs in a "
         "request; in the export jobs (system scope) the hashes name one key each, so unfiltered is "
         "right (the export itself is the needs-fix)."),
    Site("proxy/spend_tracking/spend_management_endpoints.py", "_query_raw", _Q,
         "return await prisma_client.db.query_raw(sql_query, *args)", (SL, EL, VT, TT, "MonthlyGlobalSpend"),
         EITHER, _A,
         "Pass-through for the /spend, /global/* and session reads (statements: see the routed table): all confined by the "
         "views in a request; the two Slack spend-report statements (_get_spend_report_for_time_range) run "
         "only in an account's scope." + _REPORT_NOTE),
    Site("proxy/spend_tracking/spend_management_endpoints.py", "ui_view_spend_logs", _Q,
         "WHERE {joined_conditions}", (SL,),
         REQUEST, _V, "/spend/logs/ui page of the account's spend logs."),
    Site("proxy/spend_tracking/spend_tracking_utils.py", "_query_raw_rows", _Q,
         "return await prisma_client.db.query_raw(sql_query, *args)", (SL, TT), REQUEST, _V,
         "Pass-through for the /spend/report team queries (statements: see the routed table)."),
    # ---- proxy/utils.py ----------------------------------------------------------------------
    Site("proxy/utils.py", "check_view_exists", _Q, "FROM pg_views", ("pg_views",), STARTUP, _S,
         "Start-up check that LiteLLM's views exist in public."),
    Site("proxy/utils.py", "_query_first_with_cached_plan_fallback", _F,
         "return await self.db.query_first(sql_query, *args)", (VT, TT, "LiteLLM_TeamMembership",
                                                                "LiteLLM_BudgetTable", "LiteLLM_ModelTable",
                                                                "LiteLLM_ProjectTable", "LiteLLM_OrganizationTable"),
         REQUEST, _V, "Pass-through for the key lookup combined_view (statements: see the routed table)."),
    Site("proxy/utils.py", "_query_first_with_cached_plan_fallback", _F,
         "return await self.db.query_first(sql_query, *args)", (VT, TT, "LiteLLM_TeamMembership",
                                                                "LiteLLM_BudgetTable", "LiteLLM_ModelTable",
                                                                "LiteLLM_ProjectTable", "LiteLLM_OrganizationTable"),
         REQUEST, _V, "Retry of the same key lookup after a cached-plan error; the search_path "
                      "switch itself makes PostgreSQL re-plan, and the views have the tables' columns."),
    Site("proxy/utils.py", "get_data", _Q, "json_agg(v.key_alias) AS key_aliases", (UT, VT), REQUEST, _V,
         "All users with their key aliases: the account's users and keys."),
    Site("proxy/utils.py", "_do_direct_reconnect", _Q, 'await self.writer_db.query_raw("SELECT 1")', (), EITHER, _S,
         "Liveness probe after a reconnect; no table."),
    Site("proxy/utils.py", "_db_health_watchdog_loop", _Q, 'self.db.query_raw("SELECT 1")', (), BACKGROUND, _S,
         "Watchdog liveness probe; no table."),
    Site("proxy/utils.py", "_writer_is_read_only", _Q, "SELECT current_setting('transaction_read_only')", (),
         EITHER, _S, "Reads a session setting; no table."),
    Site("proxy/utils.py", "_run_health_probe", _Q, 'sql_query: Final = "SELECT 1"', (), EITHER, _S,
         "Health probe (/health/readiness, health_check()); no table."),
    Site("proxy/utils.py", "_fetch_row_count", _Q, "SELECT reltuples::BIGINT", ("pg_class",), STARTUP, _S,
         "The start-up task stores the estimated row count of the public table (every account's spend "
         "logs) in proxy_state, which platform work keeps. In an account's scope the proxy_state read "
         "answers the account's own capped count instead (alchemi/runtime/spend_log_count.py), so "
         "/sso/get/ui_settings' NUM_SPEND_LOGS_ROWS and DISABLE_EXPENSIVE_DB_QUERIES are the account's."),
    # ---- litellm/repositories, litellm/responses ---------------------------------------------
    Site("repositories/team_repository.py", "get_members_with_roles_locked", _Q,
         'SELECT members_with_roles FROM "LiteLLM_TeamTable" WHERE team_id = $1', (TT,), REQUEST, _V,
         "Roster read under the team lock: another account's team id returns no row (404)."),
    Site("repositories/user_repository.py", "find_shadowing_placeholders", _Q,
         "AND (r.sso_user_id = p.user_id OR LOWER(r.user_email) = LOWER(p.user_id))", (UT, VT), REQUEST, _V,
         "SCIM placeholders: compares the namespaced sso_user_id to a plain user_id; the view shows "
         "sso_user_id without the account prefix, so the comparison is on the IdP subject as "
         "LiteLLM means it (the CASE expression defeats the sso_user_id index; the scan is the "
         "account's users only)."),
    Site("responses/litellm_completion_transformation/session_handler.py",
         "get_all_spend_logs_for_previous_response_id", _Q, "WITH matching_session AS (", (SL,), REQUEST, _V,
         "previous_response_id lookup: another account's response id finds nothing, so a "
         "conversation cannot be continued (and read) across accounts."),
)

_SM = "proxy/spend_tracking/spend_management_endpoints.py::_query_raw"
_SMN = "proxy/spend_tracking/spend_management_endpoints.py::_query_raw_or_none"
_AR = "proxy/management_endpoints/auto_router_endpoints.py::_query_raw"
_UA = "proxy/management_endpoints/user_agent_analytics_endpoints.py::_query_raw"
_CV = "proxy/db/create_views.py::create_view_tolerating_race"
_PLAIN_CREATE = ("LiteLLM_VerificationTokenView", "Last30dTopEndUsersSpend")  # no OR REPLACE in their DDL

ROUTED: tuple[Routed, ...] = (
    Routed("proxy/db/db_transaction_queue/spend_log_cleanup.py::_execute_delete_batch", "_delete_old_rows_batched",
           'DELETE FROM "{table_name}"', (SL, "LiteLLM_SpendLogToolIndex", "LiteLLM_AutoRouterSession",
                                          "LiteLLM_HealthCheckTable"), BACKGROUND, _S, _RETENTION_NOTE),
    Routed("proxy/db/db_transaction_queue/spend_logs_partition_manager.py::_execute_bounded_ddl",
           "ensure_partitions", 'CREATE TABLE IF NOT EXISTS "{name}"', (SL,), BACKGROUND, _S,
           "Pre-creates upcoming spend-log partitions of the public table (platform storage work)."),
    Routed("proxy/db/db_transaction_queue/spend_logs_partition_manager.py::_execute_bounded_ddl",
           "drop_partitions_older_than", "DROP TABLE IF EXISTS \"{name}\"", (SL,), BACKGROUND, _S,
           _RETENTION_NOTE),
    *(Routed(_CV, "create_missing_views", f'CREATE {"" if view in _PLAIN_CREATE else "OR REPLACE "}VIEW "{view}"', (view,), STARTUP, _S,
             "Start-up DDL of a LiteLLM reporting view in public; the alchemi_tenant copy is built "
             "by alchemi/tenancy/views.py.", call=f"'{view}'")
      for view in ("LiteLLM_VerificationTokenView", "MonthlyGlobalSpend", "Last30dKeysBySpend",
                   "Last30dModelsBySpend", "MonthlyGlobalSpendPerKey", "MonthlyGlobalSpendPerUserPerKey",
                   "DailyTagSpend", "Last30dTopEndUsersSpend")),
    Routed(_CV, "check_view_exists", 'CREATE VIEW "LiteLLM_VerificationTokenView" AS', (VT, TT), STARTUP, _S,
           "utils.py's start-up fallback that creates only the key view in public."),
    Routed(_AR, "get_auto_router_benchmarks", 'SELECT * FROM "LiteLLM_AutoRouterSession"',
           ("LiteLLM_AutoRouterSession",), REQUEST, _V, "Benchmarks over the account's session rollups."),
    Routed(_AR, "_leg_attempt_counts", 'SELECT a.job_id, COUNT(*)::int AS attempt_count', (SEA, SEJ), REQUEST, _V,
           "Attempts of the given legs (ids from the account's jobs); the job join goes through the view."),
    *(Routed(_AR, "_shadow_eval_results", sql, tables, REQUEST, _V,
             "Aggregates attempts of legs read through the guard (via_parent by job id).", call=const)
      for sql, tables, const in (("SELECT COALESCE(tier, 'UNCLASSIFIED') AS grp,", (SEA,), "_ATTEMPT_AGG_BY_TIER_SQL"),
                                 ("SELECT COALESCE(real_model, 'unknown') AS grp,", (SEA,), "_ATTEMPT_AGG_BY_MODEL_SQL"),
                                 ('SELECT job_id AS grp,', (SEA,), "_ATTEMPT_AGG_BY_LEG_SQL"),
                                 ("SELECT COALESCE(a.router_name, j.router_name) AS grp,", (SEA, SEJ),
                                  "_ATTEMPT_AGG_BY_ROUTER_SQL"))),
    Routed(_AR, "_shadow_eval_results", "COALESCE(SUM(not_sampled), 0)::int AS not_sampled",
           ("LiteLLM_ShadowEvalFunnel",), REQUEST, _V, "Funnel counters of the account's legs (via_parent).",
           call="_FUNNEL_TOTALS_SQL"),
    Routed(_AR, "get_shadow_eval_job", "COUNT(*) FILTER (WHERE outcome != 'error')::int AS judged_count",
           (SEA,), REQUEST, _V, "Totals of legs read through the guard (via_parent)."),
    Routed(_AR, "list_shadow_eval_jobs", "SELECT group_id FROM \"LiteLLM_ShadowEvalJob\" WHERE target_type = $2",
           (SEJ,), REQUEST, _V, "The account's job legs for one target.", call="_LIST_LEGS_BY_TARGET_SQL"),
    Routed(_AR, "list_shadow_eval_jobs", "GROUP BY group_id ORDER BY MAX(created_at) DESC LIMIT $1::int",
           (SEJ,), REQUEST, _V, "The account's newest job legs.", call="_LIST_LEGS_SQL"),
    Routed("proxy/management_endpoints/internal_user_endpoints.py::_fetch_admin_teams_and_keys_rows",
           "_get_user_info_for_proxy_admin", '(SELECT json_agg(t.*) FROM "LiteLLM_TeamTable" t) as teams',
           (TT, VT), REQUEST, _V, "The account admin's teams and keys: the account's only."),
    *(Routed(_UA, fn, 'FROM "LiteLLM_DailyTagSpend" dts', ("LiteLLM_DailyTagSpend", VT) if fn != "get_distinct_user_agent_tags"
             else ("LiteLLM_DailyTagSpend",), REQUEST, _V, note)
      for fn, note in (("get_distinct_user_agent_tags", "Distinct user-agent tags of the account's traffic."),
                       ("get_daily_active_users", "DAU from the account's tag rollups joined to its keys."),
                       ("get_weekly_active_users", "WAU from the account's tag rollups joined to its keys."),
                       ("get_monthly_active_users", "MAU from the account's tag rollups joined to its keys."),
                       ("get_tag_summary", "Per-tag summary of the account's tag rollups."))),
    Routed("proxy/management_helpers/access_group_key_sync.py::_write_membership", "sync_key_access_group_membership",
           'SET "assigned_key_ids" = array_append("assigned_key_ids", $1)', (AG,), EITHER, _V,
           "Attaches a key to the account's groups (ids from the key row; other accounts' ids "
           "match no row).", call="_ATTACH_KEY_SQL"),
    Routed("proxy/management_helpers/access_group_key_sync.py::_write_membership", "sync_key_access_group_membership",
           'SET "assigned_key_ids" = array_remove("assigned_key_ids", $1)', (AG,), EITHER, _V,
           "Detaches a key from the account's groups.", call="_DETACH_KEY_SQL"),
    Routed("proxy/management_helpers/access_group_model_sync.py::_rewrite_groups", "sync_access_groups_for_renamed_model",
           'SET "access_model_names" = array_replace(array_remove("access_model_names", $2), $1, $2)', (AG,),
           REQUEST, _V, "Model rename: rewrites (or appends to) the account's groups only; model names "
                        "repeat across accounts, so this must never run in system scope."),
    Routed("proxy/management_helpers/access_group_model_sync.py::_rewrite_groups", "sync_access_groups_for_deleted_model",
           'SET "access_model_names" = array_remove("access_model_names", $1)', (AG,), REQUEST, _V,
           "Model delete: removes the name from the account's groups only."),
    Routed("proxy/spend_tracking/key_metadata_recovery.py::_reverse_hash_key_metadata",
           "recover_double_hashed_key_metadata", "ORDER BY token, deleted_at DESC",
           ("LiteLLM_DeletedVerificationToken",), EITHER, _V,
           "Deleted keys by sha256(token): the account's in a request; by hash in the export jobs.",
           call="_DELETED_TOKEN_DIGEST_SQL"),
    Routed("proxy/spend_tracking/key_metadata_recovery.py::_reverse_hash_key_metadata",
           "recover_double_hashed_key_metadata", "SELECT encode(sha256(convert_to(token, 'UTF8')), 'hex') AS digest, key_alias",
           (VT,), EITHER, _V, "Active keys by sha256(token), as above.", call="_ACTIVE_TOKEN_DIGEST_SQL"),
    Routed(_SM, "view_spend_logs", "def _spend_logs_daily_summary_sql", (SL,), REQUEST, _V,
           "/spend/logs?summarize=true daily summary of the account's logs."),
    Routed(_SM, "_fetch_session_representatives", "SELECT DISTINCT ON ({_SESSION_GROUP_KEY_SQL})", (SL,), REQUEST, _V,
           "Session representatives among the account's logs."),
    Routed(_SM, "_count_grouped_sessions", "AS bounded_sessions", (SL,), REQUEST, _V, "Session count of the account."),
    Routed(_SM, "_ui_session_grouped_spend_logs", "MAX(\"startTime\")::text AS last_activity", (SL,), REQUEST, _V,
           "Session page of the account's logs."),
    Routed(_SM, "global_spend_for_internal_user", 'WHERE "api_key" = $1 AND "user" = $2', ("MonthlyGlobalSpendPerUserPerKey",),
           REQUEST, _V, "Tenant copy of LiteLLM's view (built on the account's spend logs).", call="api_key, user_id"),
    Routed(_SM, "global_spend_for_internal_user", 'SELECT * FROM "MonthlyGlobalSpendPerUserPerKey"  WHERE "user" = $1',
           ("MonthlyGlobalSpendPerUserPerKey",), REQUEST, _V, "Tenant copy of LiteLLM's view.",
           call="_query_raw(prisma_client, sql_query, user_id)"),
    Routed(_SM, "global_spend_logs", 'SELECT * FROM "MonthlyGlobalSpend" ORDER BY "date";', ("MonthlyGlobalSpend",),
           REQUEST, _V, "Tenant copy: the account's daily spend.", call="_query_raw(prisma_client, sql_query)"),
    Routed(_SM, "global_spend_logs", 'SELECT * FROM "MonthlyGlobalSpendPerKey"', ("MonthlyGlobalSpendPerKey",),
           REQUEST, _V, "Tenant copy: the account's spend per key.", call="api_key)"),
    Routed(_SM, "global_spend_key_internal_user", "top_api_keys t", (SL, VT), REQUEST, _V,
           "A user's top keys in the account."),
    Routed(_SM, "global_spend_keys", 'SELECT * FROM "Last30dKeysBySpend";', ("Last30dKeysBySpend",), REQUEST, _V,
           "Tenant copy: the account's top keys.", call="_query_raw(prisma_client, sql_query)"),
    Routed(_SM, "global_spend_keys", 'SELECT * FROM "Last30dKeysBySpend" LIMIT $1 ;', ("Last30dKeysBySpend",),
           REQUEST, _V, "Tenant copy, limited.", call="limit)"),
    Routed(_SM, "global_spend_per_team", 't.team_alias as team_alias', (SL, TT), REQUEST, _V,
           "/global/spend/teams over the account's logs and teams."),
    Routed(_SM, "global_spend_end_users", "SELECT end_user, COUNT(*) AS total_count", (SL,), REQUEST, _V,
           "Top end users of the account."),
    Routed(_SM, "global_spend_models_internal_user", "SUM(total_tokens) as total_tokens", (SL,), REQUEST, _V,
           "A user's top models in the account."),
    Routed(_SM, "global_spend_models", 'SELECT * FROM "Last30dModelsBySpend" LIMIT $1 ;', ("Last30dModelsBySpend",),
           REQUEST, _V, "Tenant copy: the account's top models."),
    Routed(_SM, "get_spend_by_tags", "jsonb_array_elements_text(request_tags) AS individual_request_tag", (SL,),
           REQUEST, _V, "/spend/tags over the account's logs."),
    Routed(_SM, "ui_get_spend_by_tags", 'FROM "DailyTagSpend"', ("DailyTagSpend",), REQUEST, _V,
           "Tenant copy of DailyTagSpend, all tags.", call="end_date)"),
    Routed(_SM, "ui_get_spend_by_tags", "AND individual_request_tag = ANY($3::text[])", ("DailyTagSpend",),
           REQUEST, _V, "Tenant copy of DailyTagSpend, chosen tags.", call="tags_list"),
    Routed(_SM, "ui_view_session_spend_logs", "WHERE session_id = $1{scope_sql}", (SL,), REQUEST, _V,
           "One session of the account (another account's session id shows nothing)."),
    Routed(_SM, "_build_ui_spend_logs_response", "SELECT s.*, COALESCE(m.session_models, ARRAY[]::text[])", (SL,),
           REQUEST, _V, "Session totals of the page's sessions, the account's rows only."),
    Routed(_SM, "is_materialized_global_spend_view", "WHERE relname = 'MonthlyGlobalSpend';", ("pg_class",),
           REQUEST, _S,
           "Catalog probe: finds the public view and its alchemi_tenant copy, both plain views, so "
           "/global/spend/refresh does nothing. (views.py copies pg_views only: if an operator "
           "made public.MonthlyGlobalSpend materialized, tenants would read it unfiltered.)"),
    Routed(_SM, "global_spend_refresh", 'REFRESH MATERIALIZED VIEW "MonthlyGlobalSpend";', ("MonthlyGlobalSpend",),
           REQUEST, _S,
           "Only reached for a materialized view; in an account's scope the name resolves to the "
           "plain tenant view and the refresh fails harmlessly (the endpoint reports failure)."),
    *(Routed(_SMN, fn, sql, tables, REQUEST, _V, note, call=call)
      for fn, sql, tables, note, call in (
          ("get_global_activity_internal_user", "date_trunc('day', \"startTime\") AS date", (SL,),
           "A user's activity in the account.", ""),
          ("get_global_activity", "COUNT(*) AS api_requests", (SL,), "/global/activity of the account.", ""),
          ("get_global_activity_model_internal_user", "model_group", (SL,), "A user's activity per model.", ""),
          ("get_global_activity_model", "model_group", (SL,), "/global/activity/model of the account.", ""),
          ("get_global_activity_exceptions_per_deployment", "AND status_code = '429'", (EL,),
           "429s per deployment in the account's error logs.", ""),
          ("get_global_activity_exceptions", "AND status_code = '429'", (EL,), "429s in the account's error logs.", ""),
          ("get_global_spend_provider", "custom_llm_provider", (SL,), "Spend per provider of a user.", "user_id"),
          ("get_global_spend_provider", "custom_llm_provider", (SL,), "Spend per provider of the account.",
           "_query_raw_or_none(prisma_client, sql_query, start_date_obj, end_date_obj)"),
          ("get_global_spend_report", "AND sl.api_key = $3", (SL,), "/global/spend/report for one key.", "api_key)"),
          ("get_global_spend_report", "AND sl.user = $3", (SL,), "/global/spend/report for one user.",
           "internal_user_id"),
          ("get_global_spend_report", "'customer', customer,", (SL,), "/global/spend/report by customer.",
           "end_date_obj)"),
          ("get_global_spend_report", "WITH SpendByModelApiKey AS (", (SL,), "/global/spend/report by key.",
           "end_date_obj)"),
          ("get_key_spend_report", "def _scoped_spend_report_sql", (SL,), "/key/spend/report of one key.", ""),
          ("get_user_spend_report", "def _scoped_spend_report_sql", (SL,), "/user/spend/report of one user.", ""),
          ("get_team_spend_report", "def _scoped_spend_report_sql", (SL,), "/team/spend/report of one team.", ""),
          ("get_organization_spend_report", "sl.organization_id = $3", (SL,),
           "/organization/spend/report; the team ids come from the guarded org lookup.", ""),
          ("global_get_all_tag_names", "SELECT DISTINCT\n            jsonb_array_elements_text(request_tags)", (SL,),
           "Tag names used by the account.", ""),
          ("global_spend", 'SELECT SUM(spend) as total_spend FROM "MonthlyGlobalSpend";', ("MonthlyGlobalSpend",),
           "/global/spend: the account's total via the tenant copy of LiteLLM's view.", ""),
          ("global_view_all_end_users", 'SELECT DISTINCT end_user FROM "LiteLLM_SpendLogs"', (SL,),
           "End users of the account.", ""),
          ("ui_view_request_response_for_request_id", "SELECT messages, response, proxy_server_request, metadata",
           (SL,), "Request/response bodies: another account's request id finds nothing.", ""),
          ("ui_view_spend_logs", "AS bounded_matches", (SL,), "/spend/logs/ui count of the account's logs.", ""))),
    *(Routed(_SMN, "_get_spend_report_for_time_range", sql, tables, EITHER, _A,
             "The Slack weekly/monthly spend report sums " + what + " and posts it to the alerting "
             "webhook." + _REPORT_NOTE, call=call)
      for sql, tables, what, call in (
          ('"LiteLLM_TeamTable" t ON s.team_id = t.team_id', (SL, TT), "spend per team alias", ""),
          ("GROUP BY individual_request_tag\n        ORDER BY total_spend DESC", (SL,), "spend per tag", ""))),
    Routed("proxy/spend_tracking/spend_tracking_utils.py::_query_raw_rows", "get_spend_by_team",
           'AND ($3::text IS NULL OR sl.team_id = $3)', (SL, TT), REQUEST, _V, "/spend/report by team of the account."),
    Routed("proxy/spend_tracking/spend_tracking_utils.py::_query_raw_rows", "get_spend_by_team_and_customer",
           "AND sl.end_user = $4", (SL, TT), REQUEST, _V, "/spend/report by team and customer of the account."),
    Routed("proxy/utils.py::_query_first_with_cached_plan_fallback", "get_data",
           'LEFT JOIN "LiteLLM_TeamMembership" AS tm ON v.team_id = tm.team_id AND tm.user_id = v.user_id',
           (VT, TT, "LiteLLM_TeamMembership", "LiteLLM_BudgetTable", "LiteLLM_ModelTable", "LiteLLM_ProjectTable",
            "LiteLLM_OrganizationTable"), REQUEST, _V,
           "Key lookup (combined_view) in auth: the middleware already put the request in the key's "
           "account, so the key is found; any other account's token is not."),
)


def totals(sites: tuple[Site, ...] = SITES) -> dict[str, int]:
    """Sites per handling, in HANDLINGS order."""
    counts = Counter(s.handling for s in sites)
    return {h: counts.get(h, 0) for h in HANDLINGS}


def needs_fix() -> list[Site | Routed]:
    """Every site and routed statement the mechanism gets wrong."""
    return [s for s in (*SITES, *ROUTED) if s.handling == NEEDS_FIX]
