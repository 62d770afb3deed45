"""What the cross-tenant probes do with each route of the table: classify it, then build the
requests that try to reach another account's objects through it.

Classification (first rule that matches wins; anything else is a management route, in scope,
so routes added by a LiteLLM upgrade are probed by default):
- static: UI files and API docs, nothing of an account;
- public: answered without credentials (login, OAuth, discovery, public hubs); GETs are
  probed anonymously for canaries, the rest skipped with the reason;
- inference: forwards a request to an LLM provider or tool server, out of scope here;
- platform: Alchemi's account administration, probed like management (B must get 403);
- management: everything else.

Requests: each parameter a route takes (path, query, JSON body from its schema, or the keys a
raw-`Request` handler reads) is mapped by name to a kind of seeded object (`ID_KINDS`); the
`attack` variant puts the other account's ids there, `control` the caller's own, `listing`
none (only required non-id fields, and "apply to all" flags set).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PROBED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# ---- classification -----------------------------------------------------------------------------
INFERENCE_MODULES = {
    "litellm.proxy.pass_through_endpoints.llm_passthrough_endpoints": "provider pass-through",
    "litellm.proxy.pass_through_endpoints.openai_passthrough_endpoints": "provider pass-through",
    "litellm.proxy.vertex_ai_endpoints.langfuse_endpoints": "Langfuse pass-through",
    "litellm.proxy.openai_files_endpoints.files_endpoints": "OpenAI files API (forwarded to the provider)",
    "litellm.proxy.batches_endpoints.endpoints": "OpenAI batches API (forwarded to the provider)",
    "litellm.proxy.fine_tuning_endpoints.endpoints": "OpenAI fine-tuning API (forwarded to the provider)",
    "litellm.proxy.vector_store_files_endpoints.endpoints": "OpenAI vector-store files API (needs a vector DB)",
    "litellm.proxy.container_endpoints.endpoints": "OpenAI containers API (forwarded to the provider)",
    "litellm.proxy.container_endpoints.handler_factory": "OpenAI containers API (forwarded to the provider)",
    "litellm.proxy.video_endpoints.endpoints": "video generation API (forwarded to the provider)",
    "litellm.proxy.image_endpoints.endpoints": "image generation API (forwarded to the provider)",
    "litellm.proxy.response_api_endpoints.endpoints": "OpenAI Responses API (inference)",
    "litellm.proxy.rerank_endpoints.endpoints": "rerank API (inference)",
    "litellm.proxy.ocr_endpoints.endpoints": "OCR API (inference)",
    "litellm.proxy.rag_endpoints.endpoints": "RAG ingest/query (needs a vector DB and an embedding provider)",
    "litellm.proxy.search_endpoints.endpoints": "search API (forwarded to the search provider)",
    "litellm.proxy.google_endpoints.endpoints": "Gemini generateContent API (inference)",
    "litellm.proxy.google_endpoints.agents_endpoints": "Gemini agents API (forwarded to Google)",
    "litellm.proxy.anthropic_endpoints.endpoints": "Anthropic messages API (inference)",
    "litellm.proxy.anthropic_endpoints.skills_endpoints": "Anthropic skills API (forwarded to the provider)",
    "litellm.proxy.realtime_endpoints.endpoints": "realtime API (inference)",
    "litellm.proxy.openai_evals_endpoints.endpoints": "OpenAI evals API (forwarded to the provider)",
    "litellm.proxy.plugin_routes": "plugin reverse proxy",
}
INFERENCE_PATHS = re.compile(
    r"^/(v1/|openai/)?(chat/completions|completions|embeddings|moderations|audio/|assistants|threads|"
    r"queue/chat/completions)|^/(openai/deployments|engines)/|^/cursor/|^/vertex_ai/live|^/v1/realtime|^/realtime|"
    r"^/openai/v1/realtime|^/mcp-rest/tools/call|^/(v1/)?a2a/[^/]+(/message/send)?$|^/v1/vector_stores|"
    r"^/vector_stores|^/mcp/proxy$|^/toolset/\{toolset_name\}/mcp$|^/\{mcp_server_name\}/mcp$")
INFERENCE_EXCEPT = re.compile(r"^/v1/indexes|^/search/tools|^/v1/search/tools")
STATIC_PATHS = re.compile(r"^/(openapi\.json|docs/oauth2-redirect|redoc|get_image|get_favicon|get_logo_url|"
                          r"robots\.txt|swagger|favicon\.ico)$|^/$|^/(litellm/)?\.well-known/litellm-ui-config$")
AUTH_FLOW_PATHS = re.compile(
    r"^/(login|v2/login|v3/login|v3/login/exchange|fallback/login|logout)$|^/sso/|^/onboarding/|"
    r"^/(authorize|token|register|revoke|introspect|callback)(/|$)|^/[^/]+/(authorize|token|register)$|"
    r"^/v1/mcp/oauth/|^/\.well-known/(oauth|openid|jwks)|"
    r"^/v2/login/resolve$|^/v2/sso/|^/v2/invitation/")
PUBLIC_PATHS = re.compile(r"^/alchemi/version$|^/public/|^/\.well-known/|^/claude-code/marketplace\.json$|"
                          r"^/health/(liveliness|liveness|readiness)")
PLATFORM_PATHS = re.compile(r"^/account(/|$)|^/alchemi/")


@dataclass(frozen=True)
class Classification:
    scope: str          # management | platform | public | inference | static
    reason: str = ""


def classify(route: dict) -> Classification:
    path, kind = route["path"], route["kind"]
    module = (route.get("endpoint") or ":").split(":")[0]
    if kind == "Mount":
        if path == "/mcp":
            return Classification("inference", "MCP protocol sub-app: tool calls forwarded to MCP servers")
        return Classification("static", "static UI files")
    if kind == "Route" or STATIC_PATHS.search(path):
        return Classification("static", "API docs / UI assets; no account data")
    if kind == "APIWebSocketRoute":
        return Classification("inference", "realtime websocket to the provider")
    if PLATFORM_PATHS.search(path) and not PUBLIC_PATHS.search(path):
        return Classification("platform")
    if AUTH_FLOW_PATHS.search(path):
        return Classification("public", "authentication flow (login, SSO, OAuth, invitation claim): takes "
                                        "credentials or bearer links, not object ids; tenancy resolves its result")
    if PUBLIC_PATHS.search(path):
        return Classification("public", "answered without credentials; GETs probed anonymously for canaries")
    if module in INFERENCE_MODULES and not INFERENCE_EXCEPT.search(path):
        return Classification("inference", INFERENCE_MODULES[module])
    if INFERENCE_PATHS.search(path) and not INFERENCE_EXCEPT.search(path):
        return Classification("inference", "LLM inference endpoint (forwards to the provider)")
    if re.search(r"/\{endpoint:path\}$", path):
        return Classification("inference", "provider pass-through")
    return Classification("management")


def operations(route: dict) -> list[str]:
    return [m for m in PROBED_METHODS if m in route.get("methods", ())]


READ_ONLY_POST = re.compile(
    r"/(info|list|resolve|estimate-impact|test|test_connection|validate\w*|calculate|estimate|token_counter|"
    r"transform_request|test_routing|test-pipeline|compare|discover|dotprompt_json_converter|search)$|"
    r"/v2/key/info$|/tools/list$|/test/connection$")


# GETs that write: /health stores a health-check row per model it was asked about.
WRITING_GETS = frozenset({"/health"})


def is_read_only(method: str, path: str) -> bool:
    if method == "GET":
        return path not in WRITING_GETS
    return method == "POST" and bool(READ_ONLY_POST.search(path))


# ---- ids ---------------------------------------------------------------------------------------
# Parameter name -> kind of seeded object (keys of Tenant.ids). Plural names get a list.
ID_KINDS: dict[str, str] = {
    "team_id": "team_id", "team_ids": "team_id", "team": "team_id", "teamId": "team_id",
    "assigned_team_ids": "team_id", "teams": "team_id", "group_id": "team_id",
    "user_id": "user_id", "user_ids": "user_id", "internal_user_id": "user_id",
    "user_email": "user_email", "email": "user_email",
    "key": "key", "keys": "key", "key_ids": "key", "assigned_key_ids": "key", "key_hash": "key",
    "existing_key": "key", "api_key_ids": "key",
    "key_alias": "key_alias",
    "organization_id": "organization_id", "organization_ids": "organization_id", "org_id": "organization_id",
    "organizations": "organization_id", "org_alias": "organization_alias",
    "model_id": "model_id", "litellm_model_id": "model_id", "modelId": "model_id", "model_ids": "model_id",
    "saved_model_id": "model_id",
    "model": "model_name", "model_name": "model_name", "model_group": "model_name", "models": "model_name",
    "_selected_model_group": "model_name", "model_names": "model_name", "model_groups": "model_name",
    "access_model_names": "model_name", "fallback_models": "model_name", "default_model": "model_name",
    "default_team_member_models": "model_name", "allowed_models": "model_name",
    "budget_id": "budget_id", "budgets": "budget_id",
    "tags": "tag", "tag": "tag", "names": "tag",
    "guardrail_id": "guardrail_id", "guardrail_name": "guardrail_name", "guardrail_names": "guardrail_name",
    "guardrails": "guardrail_name",
    "policy_id": "policy_id", "source_policy_id": "policy_id", "policy_name": "policy_name",
    "policy_names": "policy_name", "policies": "policy_name", "attachment_id": "attachment_id",
    "server_id": "server_id", "server_ids": "server_id", "mcp_server_ids": "server_id",
    "access_mcp_server_ids": "server_id", "mcp_servers": "server_id",
    "server_name": "server_name", "mcp_server_name": "server_name",
    "toolset_id": "toolset_id", "toolset_name": "toolset_name",
    "agent_id": "agent_id", "agent_ids": "agent_id", "access_agent_ids": "agent_id", "agent_name": "agent_name",
    "prompt_id": "prompt_id", "prompts": "prompt_id",
    "access_group": "access_group", "access_group_id": "access_group_id", "access_group_ids": "access_group_id",
    "access_group_name": "access_group_name",
    "vector_store_id": "vector_store_id",
    "search_tool_id": "search_tool_id", "search_tool_name": "search_tool_name",
    "credential_name": "credential_name", "litellm_credential_name": "credential_name",
    "end_user_id": "end_user_id", "end_user_ids": "end_user_id", "end_user": "end_user_id",
    "customer_id": "end_user_id",
    "invitation_id": "invitation_id", "endpoint_id": "endpoint_id", "run_id": "run_id",
    "tool_name": "tool_name", "plugin_name": "plugin_name", "request_id": "request_id",
    "account_id": "account_id", "key_aliases": "key_alias",
}
# In query strings (the spend and activity filters) api_key is a virtual key; in bodies it is
# mostly a provider's or exporter's credential, so it is mapped only here.
QUERY_ID_KINDS = {"api_key": "key"}
# Same name, other meaning, by the route's path.
CONTEXT_KINDS: tuple[tuple[str, str, str], ...] = (
    (r"^/(customer|end_user)/", "user_id", "end_user_id"),
    (r"^/(customer|end_user)/", "user_ids", "end_user_id"),
    (r"^/tag/", "name", "tag"),
    (r"^/claude-code/", "name", "plugin_name"),
    (r"^/v1beta/agents", "name", "agent_name"),
    (r"^/jwt/key/mapping", "id", "jwt_mapping_id"),
    (r"^/budget/", "id", "budget_id"),
    (r"^/config/pass_through_endpoint", "id", "endpoint_id"),
    (r"^/invitation/", "id", "invitation_id"),
    (r"^/v1/memory", "key", "memory_key"),
    (r"^/fallback/", "model", "model_name"),
    (r"^/(v1/)?models/\{model_id\}", "model_id", "model_name"),   # OpenAI's model "id" is its name
)
# Fields never substituted (filters that exclude, or secrets of third-party services).
NEVER_IDS = frozenset({"exclude_team_ids", "exclude_agent_ids", "exclude_end_user_ids", "exclude_organization_ids"})
BROADCAST_FLAGS = re.compile(r"^(all_\w+|apply_to_all\w*)$")
NEUTRAL_PATH_VALUES = {"name": "guardrails", "category_name": "harmful_violence", "facet": "providers",
                       "resource_type_id": "User", "schema_id": "urn:ietf:params:scim:schemas:core:2.0:User",
                       "provider": "openai", "callback_name": "langfuse", "field_name": "alerting_threshold"}


def id_kind(name: str, path: str, query: bool = False) -> str | None:
    if name in NEVER_IDS:
        return None
    if query and name in QUERY_ID_KINDS:
        return QUERY_ID_KINDS[name]
    for pattern, param, kind in CONTEXT_KINDS:
        if param == name and re.search(pattern, path):
            return kind or None
    return ID_KINDS.get(name)


# ---- request building ---------------------------------------------------------------------------
@dataclass
class ProbeRequest:
    method: str
    path: str                       # with path parameters filled in
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None
    sent_ids: set[str] = field(default_factory=set)     # other-account values we put in (echo is no leak)
    unmapped: list[str] = field(default_factory=list)   # path params we had no id for
    id_params: list[str] = field(default_factory=list)  # optional id parameters the route takes


class NotApplicable(Exception):
    """This variant cannot be built for the route (e.g. listing a route that requires an id)."""


def _today(offset_days: int) -> str:
    return (_dt.date.today() + _dt.timedelta(days=offset_days)).isoformat()


def _resolve(schema: dict, defs: dict) -> dict:
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 10:
        schema = defs.get(schema["$ref"].split("/")[-1], {})
        seen += 1
    return schema if isinstance(schema, dict) else {}


def _options(schema: dict, defs: dict) -> list[dict]:
    schema = _resolve(schema, defs)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return [o for o in (_resolve(x, defs) for x in schema[key]) if o.get("type") != "null"]
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return [_resolve(schema["allOf"][0], defs)]
    return [schema]


def _is_list(schema: dict, defs: dict) -> bool:
    opts = _options(schema, defs)
    return bool(opts) and all(o.get("type") == "array" for o in opts[:1])


def _leaf(name: str, schema: dict, defs: dict, depth: int) -> Any:
    opts = _options(schema, defs)
    s = opts[0] if opts else {}
    if "enum" in s:
        return s["enum"][0]
    if "const" in s:
        return s["const"]
    t = s.get("type")
    lname = name.lower()
    if t == "string" or (t is None and not s.get("properties")):
        if "date" in lname:
            return _today(-30) if "start" in lname else _today(1)
        if "email" in lname:
            return "isolation-probe@probe.example.com"
        if lname in ("ip", "ip_address"):
            return "127.0.0.1"
        if "url" in lname or lname in ("target", "api_base"):
            return "http://127.0.0.1:9/isolation-probe"
        if lname == "path":
            return "/isolation-probe"
        return "isolation-probe"
    if t == "integer":
        return max(1, s.get("minimum", 1) or 1)
    if t == "number":
        return 1.0
    if t == "boolean":
        return False
    if t == "array":
        return []
    if t == "object" or s.get("properties"):
        return _object(s, defs, depth + 1, None, "")
    return "isolation-probe"


def _object(schema: dict, defs: dict, depth: int, ctx: "_Filler | None", path: str,
            required_context: bool = False) -> dict:
    schema = _resolve(schema, defs)
    if not schema.get("properties") and any(k in schema for k in ("anyOf", "oneOf")):
        schema = next((o for o in _options(schema, defs) if o.get("properties")), schema)
    props = schema.get("properties") or {}
    required = set(schema.get("required") or ())
    out: dict[str, Any] = {}
    for name, sub in props.items():
        if ctx is not None:
            value = ctx.value_for(name, sub, defs, depth, required_context or name in required)
            if value is not _SKIP:
                out[name] = value
                continue
        if name in required and depth < 4:
            out[name] = _leaf(name, sub, defs, depth)
    return out


_SKIP = object()


class _Filler:
    """Decides the value of one parameter for one variant.

    `only`: in an attack variant, the one optional id parameter to set (None: all of them);
    required id parameters are always set."""

    def __init__(self, variant: str, ids: dict[str, str], path: str, only: str | None = None) -> None:
        self.variant, self.ids, self.path, self.only = variant, ids, path, only
        self.sent: set[str] = set()
        self.id_params: list[str] = []      # optional top-level id parameters seen

    def id_value(self, name: str, as_list: bool, required: bool = True, query: bool = False) -> Any:
        kind = id_kind(name, self.path, query)
        if kind is None or self.variant == "listing" or not self.ids.get(kind):
            return _SKIP
        if not required:
            self.id_params.append(name)
            if self.only is not None and name != self.only:
                return _SKIP
        value = self.ids[kind]
        self.sent.add(value)
        return [value] if as_list else value

    def value_for(self, name: str, schema: dict, defs: dict, depth: int, required: bool) -> Any:
        if self.variant == "listing" and BROADCAST_FLAGS.match(name):
            return True
        value = self.id_value(name, _is_list(schema, defs), required or depth > 0)
        if value is not _SKIP:
            return value
        if depth >= 3 or (self.only is not None and not required and depth == 0):
            return _SKIP
        for opt in _options(schema, defs):
            items = _resolve(opt.get("items") or {}, defs) if opt.get("type") == "array" else None
            target = items if items is not None else opt
            if not target.get("properties"):
                continue
            before = set(self.sent)
            nested = _object(target, defs, depth + 1, self, self.path, required)
            if self.sent - before:      # keep nested objects only when they carry an id (member.user_id)
                return [nested] if items is not None else nested
        return _SKIP


def build(route: dict, method: str, variant: str, ids: dict[str, str], only: str | None = None) -> ProbeRequest:
    """The request of `variant` (attack | control | listing) for `method` on `route`; with
    `only`, an attack that sets just that one optional id parameter."""
    path = route["path"]
    filler = _Filler(variant, ids, path, only)
    req = ProbeRequest(method=method, path=path)

    for p in route.get("path_params", []):
        name = p["alias"]
        value = filler.id_value(name, False)
        if value is _SKIP:
            if variant == "listing" and id_kind(name, path):
                raise NotApplicable(f"path parameter {name} is an id")
            value = NEUTRAL_PATH_VALUES.get(name, "isolation-probe")
            if id_kind(name, path) is None:
                req.unmapped.append(name)
        req.path = re.sub(r"\{" + re.escape(name) + r"(:[a-z]+)?\}", str(value), req.path)

    for q in route.get("query_params", []):
        name, schema = q["alias"], q.get("schema") or {}
        defs = schema.get("$defs", {})
        value = filler.id_value(name, _is_list(schema, defs), bool(q.get("required")), query=True)
        if value is _SKIP:
            if q.get("required") or name in ("start_date", "end_date"):   # many handlers need a range
                if variant == "listing" and id_kind(name, path, query=True):
                    raise NotApplicable(f"query parameter {name} is a required id")
                value = _leaf(name, schema, defs, 0)
            else:
                continue
        req.params[name] = value

    bodies = route.get("body_params", [])
    if method in WRITE_METHODS or bodies:
        if bodies and not route.get("body_embedded"):
            schema = bodies[0].get("schema") or {}
            req.json = _object(schema, schema.get("$defs", {}), 0, filler, path)
            if variant == "listing":
                _require_no_ids(schema, path)
        elif bodies:
            req.json = {}   # several body parameters: FastAPI embeds each under its name
            for b in bodies:
                schema = b.get("schema") or {}
                defs = schema.get("$defs", {})
                value = filler.value_for(b["alias"], schema, defs, 0, bool(b.get("required")))
                if value is _SKIP:
                    value = _object(schema, defs, 0, filler, path) if _resolve(schema, defs).get("properties") \
                        else (_leaf(b["alias"], schema, defs, 0) if b.get("required") else _SKIP)
                if value is not _SKIP:
                    req.json[b["alias"]] = value
        elif route.get("reads_raw_request") and method in WRITE_METHODS:
            req.json = {}
            names = list(route.get("raw_body_keys") or [])
            if variant != "listing":   # raw handlers hide their fields: also try the common ids
                names += [n for n in ("team_id", "user_id", "organization_id", "key", "model_id") if n not in names]
            for name in names:
                value = filler.id_value(name, name.endswith("s"), False)
                if value is not _SKIP:
                    req.json[name] = value
    if variant != "listing" and not filler.sent:
        raise NotApplicable("takes no object id")
    if only is not None and only not in filler.id_params:
        raise NotApplicable(f"no optional id parameter {only}")
    req.sent_ids = filler.sent
    req.id_params = filler.id_params
    return req


def optional_id_params(route: dict, method: str, ids: dict[str, str]) -> list[str]:
    """The optional id parameters of the route (each gets its own attack variant)."""
    try:
        req = build(route, method, "attack", ids)
    except NotApplicable:
        return []
    return list(dict.fromkeys(req.id_params))


def _require_no_ids(schema: dict, path: str) -> None:
    """A listing cannot be built when the body requires an id (e.g. /team/delete's team_ids)."""
    s = _resolve(schema, schema.get("$defs", {}))
    for name in s.get("required") or ():
        if id_kind(name, path):
            raise NotApplicable(f"body field {name} is a required id")
