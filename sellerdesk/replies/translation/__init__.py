"""Machine translation (buyer messages to the agent, drafts to the buyer) and optional LLM drafts.

Providers are HTTP APIs configured from the environment: DeepL-style
(`/v2/translate`) or any OpenAI-compatible `/chat/completions`. Without one,
`provider()` returns the "not configured" provider whose every call raises
`NotConfigured` with a plain message for the UI.
"""
