"""LiteLLM's in-memory registries, one set per account.

LiteLLM loads guardrails, policies and their attachments, MCP servers, agents, prompts, vector
stores (and their indexes) and tool policies from the database into module-level singletons,
from `ProxyConfig._init_non_llm_objects_in_db`: at start-up, every 30 s from its background
poll (platform work: every account's rows at once), and after an account's config write (that
account's rows only, replacing everyone's). Management routes and the request path then read
those singletons by name or id.

Here each singleton is adopted (`account_local.adopt`): it answers for the account in scope
from that account's own instance. The loader is wrapped so that platform work loads each live
account's rows into that account's instances (in its scope, so the tenant guard confines every
query and namespaced names come back plain), and leaves the platform instances empty; an
account's own reload touches only its instances. An account's registries are loaded when its
runtime is built and dropped when it is evicted.

The `litellm` module attributes LiteLLM sets from an account's stored `litellm_settings` (the
"safe DB overrides": default user / team params, public MCP servers and model groups, cost
discounts and margins, ...), the blocked end-user list and the credential list become
per-account attributes (`account_local.localize_module_attrs`).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from alchemi.runtime import account_local
from alchemi.runtime.caches import RESPONSE_CACHE_ATTRS
from alchemi.runtime.registry import RuntimeRegistry, pinned, runtime_account_id
from alchemi.seamlib import replace_once
from alchemi.tenancy.context import tenant_context

log = logging.getLogger("alchemi.runtime")

_ORIGINAL: dict[str, Any] = {}
_registry: RuntimeRegistry | None = None


def _singletons() -> list[tuple[str, Any, Callable[[], Any]]]:
    """(name, object, factory) for every registry singleton LiteLLM's loader fills."""
    import litellm
    from litellm.proxy._experimental.mcp_server.mcp_server_manager import MCPServerManager, global_mcp_server_manager
    from litellm.proxy._experimental.mcp_server.tool_registry import MCPToolRegistry, global_mcp_tool_registry
    from litellm.proxy._experimental.mcp_server.tool_search import SemanticTextIndex, global_mcp_tool_search_index
    from litellm.proxy.agent_endpoints.agent_search import AgentSearchIndex, global_agent_search_index
    from litellm.proxy.agent_endpoints.agent_registry import AgentRegistry, global_agent_registry
    from litellm.proxy.db.tool_registry_writer import ToolPolicyRegistry, get_tool_policy_registry
    from litellm.proxy.guardrails.guardrail_registry import IN_MEMORY_GUARDRAIL_HANDLER, InMemoryGuardrailHandler
    from litellm.proxy.policy_engine.attachment_registry import AttachmentRegistry, get_attachment_registry
    from litellm.proxy.policy_engine.policy_registry import PolicyRegistry, get_policy_registry
    from litellm.proxy.prompts.prompt_registry import IN_MEMORY_PROMPT_REGISTRY, InMemoryPromptRegistry
    from litellm.proxy.search_endpoints.search_tool_management import SEARCH_TOOL_REGISTRY, SearchToolRegistry
    from litellm.vector_stores.vector_store_registry import VectorStoreIndexRegistry, VectorStoreRegistry

    # The vector store registries are created by the loader on first use; create them empty now so
    # there is one object to adopt (LiteLLM only creates them while they are None).
    if litellm.vector_store_registry is None:
        litellm.vector_store_registry = VectorStoreRegistry(vector_stores=[])
    if litellm.vector_store_index_registry is None:
        litellm.vector_store_index_registry = VectorStoreIndexRegistry(vector_store_indexes=[])
    return [
        ("guardrails", IN_MEMORY_GUARDRAIL_HANDLER, InMemoryGuardrailHandler),
        ("policies", get_policy_registry(), PolicyRegistry),
        ("policy_attachments", get_attachment_registry(), AttachmentRegistry),
        ("mcp_servers", global_mcp_server_manager, MCPServerManager),
        ("mcp_tools", global_mcp_tool_registry, MCPToolRegistry),
        ("mcp_tool_search", global_mcp_tool_search_index, SemanticTextIndex),
        ("agents", global_agent_registry, AgentRegistry),
        ("agent_search", global_agent_search_index, AgentSearchIndex),
        ("search_tools", SEARCH_TOOL_REGISTRY, SearchToolRegistry),
        ("prompts", IN_MEMORY_PROMPT_REGISTRY, InMemoryPromptRegistry),
        ("tool_policies", get_tool_policy_registry(), ToolPolicyRegistry),
        ("vector_stores", litellm.vector_store_registry, lambda: VectorStoreRegistry(vector_stores=[])),
        ("vector_store_indexes", litellm.vector_store_index_registry,
         lambda: VectorStoreIndexRegistry(vector_store_indexes=[])),
    ]


def account_module_attrs() -> tuple[list[str], dict[str, Callable[[], Any]]]:
    """The `litellm` attributes that are per account: (inherit the platform value, start fresh)."""
    from litellm.constants import LITELLM_SETTINGS_SAFE_DB_OVERRIDES
    from litellm.proxy.proxy_server import _GENERAL_SETTINGS_UI_LITELLM_FIELDS

    inherit = {*LITELLM_SETTINGS_SAFE_DB_OVERRIDES, *_GENERAL_SETTINGS_UI_LITELLM_FIELDS,
               *UI_SETTINGS_KEYS, *SECRET_MANAGER_ATTRS, *RESPONSE_CACHE_ATTRS, "blocked_user_list"}
    return sorted(inherit), {"credential_list": list}


# the secret manager an account's Hashicorp Vault / CyberArk override (config_override_endpoints) sets up
SECRET_MANAGER_ATTRS = ("secret_manager_client", "_key_management_system", "_key_management_settings")

# ProxyConfig state kept per account: the config its last get_config loaded, and the change-detection
# and boot snapshots of the secret-manager overrides and the MCP semantic filter
PROXY_CONFIG_ATTRS = {"config": dict, "_last_hashicorp_vault_config": lambda: None,
                      "_last_cyberark_config": lambda: None, "_cyberark_boot_env": lambda: None,
                      "_last_semantic_filter_config": lambda: None}

# litellm_settings keys the UI settings endpoints write onto the litellm module
# (proxy_setting_endpoints._update_litellm_setting's settings_key arguments)
UI_SETTINGS_KEYS = ("default_internal_user_params", "default_team_params", "mcp_semantic_tool_filter",
                    "mcp_tool_search")


async def _init_non_llm_objects_in_db(self: Any, prisma_client: Any) -> None:
    """Wraps ProxyConfig._init_non_llm_objects_in_db: each account's rows into its own registries."""
    original = _ORIGINAL["_init_non_llm_objects_in_db"]
    if runtime_account_id() is not None:
        await original(self, prisma_client=prisma_client)
        return
    for runtime in list(_registry.live() if _registry is not None else ()):
        try:
            with tenant_context(runtime.account_id), pinned(runtime):
                await original(self, prisma_client=prisma_client)
        except Exception:
            log.exception("account %s: reloading its registries failed", runtime.account_id)


# The loaders of _init_non_llm_objects_in_db that fill an account's registries: (object type, ProxyConfig
# method, whether it takes prisma_client). The others (SSO, cache and semantic-filter settings, secret
# manager overrides, Anthropic beta headers) run with the account's reconcile and LiteLLM's poll.
BUILD_LOADERS = (
    ("guardrails", "_init_guardrails_in_db", True),
    ("policies", "_init_policies_in_db", True),
    ("vector_stores", "_init_vector_stores_in_db", True),
    ("vector_store_indexes", "_init_vector_store_indexes_in_db", True),
    ("mcp", "_init_mcp_servers_in_db", False),
    ("agents", "_init_agents_in_db", True),
    ("pass_through_endpoints", "_init_pass_through_endpoints_in_db", False),
    ("prompts", "_init_prompts_in_db", True),
    ("search_tools", "_init_search_tools_in_db", True),
    ("tools", "_init_tool_policy_in_db", True),
)


async def load(account_id: str) -> None:
    """Fill an account's registries from what it stored (at runtime build). The loaders read
    independent tables, so they run concurrently: a cold account's first request waits for the
    slowest, not for the sum."""
    import asyncio

    from litellm.proxy import proxy_server

    if proxy_server.prisma_client is None:
        return
    config, client = proxy_server.proxy_config, proxy_server.prisma_client
    with tenant_context(account_id):
        jobs = [getattr(config, method)(prisma_client=client) if takes_client else getattr(config, method)()
                for object_type, method, takes_client in BUILD_LOADERS if config._should_load_db_object(object_type)]
        jobs.append(config._apply_safe_litellm_settings_overrides_from_db(prisma_client=client))
        for outcome in await asyncio.gather(*jobs, return_exceptions=True):
            if isinstance(outcome, BaseException):
                log.error("account %s: loading a registry failed: %r", account_id, outcome)


def install(registry: RuntimeRegistry) -> None:
    """Adopt the singletons, localize the module attributes, wrap the loader (idempotent)."""
    global _registry
    _registry = registry
    import litellm
    from litellm.proxy.proxy_server import ProxyConfig

    for name, obj, factory in _singletons():
        account_local.adopt(obj, factory, name)
    inherit, fresh = account_module_attrs()
    account_local.localize_module_attrs(litellm, inherit, fresh=fresh)
    from litellm.proxy import plugin_routes, proxy_server

    account_local.localize_module_dict(plugin_routes, "_plugin_registry")
    account_local.localize_attrs(proxy_server.proxy_config, PROXY_CONFIG_ATTRS, "proxy_config state")
    registry.on_evict(account_local.forget)
    _ORIGINAL["_init_non_llm_objects_in_db"] = replace_once(ProxyConfig, "_init_non_llm_objects_in_db",
                                                            _init_non_llm_objects_in_db)
