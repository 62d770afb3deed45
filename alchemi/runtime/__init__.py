"""Each account's own LiteLLM runtime inside one shared proxy process.

LiteLLM keeps one router, one `general_settings` and one model list per process. Here every
account gets its own `litellm.Router` (built lazily from its rows and credentials, evicted when
idle) and its own layer of `general_settings`; LiteLLM's code keeps reading the module globals,
which now answer for the account in scope. See docs/runtime.md.
"""
