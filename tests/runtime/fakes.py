"""Stand-ins for unit tests of the runtime: a router that records what reaches it."""
from __future__ import annotations


class RecordingRouter:
    """Holds deployment ids and records the callback events and discard() it receives."""

    def __init__(self, *deployment_ids: str) -> None:
        self.ids = set(deployment_ids)
        self.events: list[tuple[str, str | None]] = []
        self.discarded = False
        self.model_list = [{"model_info": {"id": i}} for i in deployment_ids]

    def has_model_id(self, candidate_id: str) -> bool:
        return candidate_id in self.ids

    def get_model_list(self, *args, **kwargs) -> list:
        return list(self.model_list)

    def discard(self) -> None:
        self.discarded = True

    def _record(self, name: str, kwargs: dict) -> None:
        self.events.append((name, kwargs["litellm_params"]["model_info"]["id"]))

    async def deployment_callback_on_success(self, kwargs, *_):
        self._record("async_success", kwargs)

    def sync_deployment_callback_on_success(self, kwargs, *_):
        self._record("sync_success", kwargs)

    async def async_deployment_callback_on_failure(self, kwargs, *_):
        self._record("async_failure", kwargs)

    def deployment_callback_on_failure(self, kwargs, *_):
        self._record("sync_failure", kwargs)
        return True


def call_kwargs(deployment_id: str) -> dict:
    """The kwargs LiteLLM hands router callbacks, reduced to what they read."""
    return {"litellm_params": {"metadata": {"model_group": "gpt-4o"}, "model_info": {"id": deployment_id}}}
