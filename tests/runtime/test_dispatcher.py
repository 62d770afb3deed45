"""`llm_router` and `llm_model_list` answer for the account in scope."""
from __future__ import annotations

import copy

import litellm

from alchemi.runtime.dispatcher import RouterDispatcher
from alchemi.runtime.registry import AccountRuntime, RuntimeRegistry
from alchemi.runtime.routers import new_router
from alchemi.tenancy.context import system_context, tenant_context


def _deployment(model_id: str, name: str = "gpt-4o") -> dict:
    return {"model_name": name, "litellm_params": {"model": "openai/gpt-4o", "api_base": "http://127.0.0.1:9/v1",
                                                   "api_key": "k"}, "model_info": {"id": model_id}}


def _dispatcher() -> tuple[RouterDispatcher, RuntimeRegistry]:
    async def build(account_id):
        raise AssertionError("not built in this test")

    registry = RuntimeRegistry(build=build, refresh=build, platform_router=new_router([]))
    registry.publish(AccountRuntime("a", router=new_router([_deployment("a-1")])))
    registry.publish(AccountRuntime("b", router=new_router([_deployment("b-1"), _deployment("b-2", "other")])))
    return RouterDispatcher(registry), registry


def test_it_is_a_router_and_forwards_to_the_accounts_router():
    dispatcher, registry = _dispatcher()
    try:
        assert isinstance(dispatcher, litellm.Router)
        with tenant_context("a"):
            assert dispatcher.get_model_ids() == ["a-1"]
            dispatcher.num_retries = 5
            assert dispatcher.target() is registry.peek("a").router
        with tenant_context("b"):
            assert sorted(dispatcher.get_model_ids()) == ["b-1", "b-2"]
            assert dispatcher.num_retries != 5
        with system_context("test"):
            assert dispatcher.get_model_ids() == []
        assert registry.peek("a").router.num_retries == 5
    finally:
        registry.clear()


def test_the_model_list_is_a_live_view_of_the_current_account():
    dispatcher, registry = _dispatcher()
    try:
        model_list = dispatcher.get_model_list()  # what LiteLLM assigns to llm_model_list
        assert isinstance(model_list, list)
        with tenant_context("a"):
            assert [m["model_info"]["id"] for m in model_list] == ["a-1"]
            assert len(model_list) == 1 and bool(model_list)
            assert copy.deepcopy(model_list)[0]["model_info"]["id"] == "a-1"
            assert dispatcher.get_model_list(model_name="gpt-4o")[0]["model_info"]["id"] == "a-1"
        with tenant_context("b"):
            assert sorted(m["model_info"]["id"] for m in model_list) == ["b-1", "b-2"]
        with system_context("test"):
            assert not model_list and list.__len__(model_list) == 0
    finally:
        registry.clear()
