"""Request-path behaviour that Alchemi adds in front of LiteLLM's routes."""
