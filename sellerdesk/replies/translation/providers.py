"""Translation and completion providers over HTTP, and the "not configured" one."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from django.conf import settings

from sellerdesk.conversations.actions import ActionError

# Names for prompts and DeepL codes of the languages SellerDesk writes in.
LANGUAGE_NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "ja": "Japanese",
                  "zh": "Simplified Chinese", "zh-hans": "Simplified Chinese", "pt": "Portuguese", "nl": "Dutch", "pl": "Polish",
                  "ko": "Korean", "sv": "Swedish", "tr": "Turkish"}
_DEEPL_TARGET = {"en": "EN-US", "pt": "PT-PT", "zh-hans": "ZH-HANS", "zh": "ZH-HANS"}


class NotConfigured(ActionError):
    pass


class ProviderError(ActionError):
    """The provider answered badly or not at all; the message says which and why."""


def _post(url: str, *, headers: dict, json: dict | None = None, data=None) -> dict:
    try:
        response = httpx.post(url, headers=headers, json=json, data=data, timeout=settings.HTTP_TIMEOUT_SECONDS)
    except httpx.HTTPError as exc:
        raise ProviderError(f"The translation service could not be reached: {type(exc).__name__}.") from None
    if response.status_code >= 400:
        raise ProviderError(f"The translation service refused the request (HTTP {response.status_code}).")
    try:
        return response.json()
    except ValueError:
        raise ProviderError("The translation service answered with something that is not JSON.") from None


@dataclass(frozen=True)
class NoProvider:
    name: str = ""
    message: str = "Translation is not configured."

    def translate(self, texts: list[str], target: str, source: str = "") -> list[str]:
        raise NotConfigured(self.message)

    def complete(self, system: str, user: str) -> str:
        raise NotConfigured(self.message)


@dataclass(frozen=True)
class DeepLProvider:
    url: str  # e.g. https://api-free.deepl.com
    key: str
    name: str = "deepl"

    def translate(self, texts: list[str], target: str, source: str = "") -> list[str]:
        data = {"text": list(texts), "target_lang": _DEEPL_TARGET.get(target, target.upper())}
        if source:
            data["source_lang"] = source.split("-")[0].upper()
        body = _post(self.url.rstrip("/") + "/v2/translate", headers={"Authorization": f"DeepL-Auth-Key {self.key}"}, data=data)
        try:
            out = [str(t["text"]) for t in body["translations"]]
        except (KeyError, TypeError):
            raise ProviderError("The translation service answered without translations.") from None
        if len(out) != len(texts):
            raise ProviderError("The translation service answered a different number of texts.")
        return out

    def complete(self, system: str, user: str) -> str:
        raise NotConfigured("The DeepL provider only translates; drafts need an OpenAI-compatible endpoint.")


@dataclass(frozen=True)
class ChatProvider:
    """Any OpenAI-compatible /chat/completions endpoint (a hosted API, vLLM, llama.cpp server, Ollama...)."""

    url: str  # e.g. https://api.openai.com/v1
    key: str
    model: str
    name: str = "openai"

    def complete(self, system: str, user: str) -> str:
        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        body = _post(self.url.rstrip("/") + "/chat/completions", headers=headers, json={
            "model": self.model, "temperature": 0,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
        })
        try:
            return str(body["choices"][0]["message"]["content"]).strip()
        except (KeyError, IndexError, TypeError):
            raise ProviderError("The language model answered without a message.") from None

    def translate(self, texts: list[str], target: str, source: str = "") -> list[str]:
        language = LANGUAGE_NAMES.get(target, target)
        system = (f"Translate the user's text into {language}. Keep every placeholder like ⟦0⟧ exactly as it is. "
                  "Keep line breaks. Answer with the translation only.")
        return [self.complete(system, t) for t in texts]


def translation_provider():
    kind = settings.TRANSLATION_PROVIDER
    if kind == "deepl" and settings.TRANSLATION_URL and settings.TRANSLATION_API_KEY:
        return DeepLProvider(settings.TRANSLATION_URL, settings.TRANSLATION_API_KEY)
    if kind == "openai" and settings.TRANSLATION_URL and settings.TRANSLATION_MODEL:
        return ChatProvider(settings.TRANSLATION_URL, settings.TRANSLATION_API_KEY, settings.TRANSLATION_MODEL)
    return NoProvider()


def draft_provider():
    if settings.LLM_URL and settings.LLM_MODEL:
        return ChatProvider(settings.LLM_URL, settings.LLM_API_KEY, settings.LLM_MODEL)
    return NoProvider(message="Reply drafts are off: no language model is configured.")


def translation_configured() -> bool:
    """A translation provider is set up: the translate buttons show (docs/translation.md)."""
    return not isinstance(translation_provider(), NoProvider)


def drafts_configured() -> bool:
    """A language model for reply drafts is set up: the draft button shows."""
    return not isinstance(draft_provider(), NoProvider)
