"""Translation in the conversation (a buyer message for the agent, the reply for the buyer), LLM drafts, glossary."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from sellerdesk.conversations.actions import ActionError
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.replies import actions
from sellerdesk.replies.models import GlossaryEntry
from sellerdesk.replies.templating.render import markers
from sellerdesk.replies.translation import service
from sellerdesk.replies.translation.providers import NotConfigured
from sellerdesk.web.access import agent_view

# ActionError texts of translation and drafts, listed so the catalogue carries them.
ACTION_ERRORS = (
    gettext_noop("Translation is not configured."),
    gettext_noop("Reply drafts are off: no language model is configured."),
    gettext_noop("The DeepL provider only translates; drafts need an OpenAI-compatible endpoint."),
    gettext_noop("This message is already in your language."),
    gettext_noop("Write the reply first, then translate it."),
    gettext_noop("The buyer writes in your language: nothing to translate."),
    gettext_noop("There is no buyer message to answer."),
    gettext_noop("Fill in both languages, the term and its translation."),
)


def _explain(exc: ActionError) -> str:
    return _(str(exc))


@require_GET
@agent_view
def message_translation(request, pk: int):
    message = get_object_or_404(Message.objects.select_related("conversation__customer"), pk=pk, direction=Message.Direction.INBOUND)
    try:
        row = service.translate_message(message, request.user)
    except ActionError as exc:
        return render(request, "replies/_translation.html", {"m": message, "error": _explain(exc), "unconfigured": isinstance(exc, NotConfigured)})
    return render(request, "replies/_translation.html", {"m": message, "translation": row})


def _box(request, text: str, **notice):
    return render(request, "replies/_insert.html", {"text": text, **notice}, status=422 if notice.get("error") else 200)


@require_POST
@agent_view
def translate_draft(request, pk: int):
    conv = get_object_or_404(Conversation.objects.select_related("customer"), pk=pk)
    text = request.POST.get("text", "")
    try:
        result = service.translate_draft(conv, request.user, text)
    except ActionError as exc:
        return _box(request, text, error=_explain(exc))
    return _box(request, result.text, translated_from=text, lost=result.lost, target=result.target)


@require_POST
@agent_view
def llm_draft(request, pk: int):
    conv = get_object_or_404(Conversation.objects.select_related("customer", "order", "account"), pk=pk)
    current = (request.POST.get("text") or "").rstrip()
    try:
        draft = service.llm_draft(conv, request.user)
    except ActionError as exc:
        return _box(request, current, error=_explain(exc))
    text = f"{current}\n\n{draft.text}" if current else draft.text
    lang = "zh-hans" if (request.LANGUAGE_CODE or "").startswith("zh") else "en"
    findings = [f.localised(lang)[1] for f in draft.verdict.findings]
    return _box(request, text, drafted=True, findings=findings, unfilled=markers(draft.text))


@agent_view
def glossary(request):
    if request.method == "POST":
        try:
            if request.POST.get("delete"):
                pk = request.POST["delete"]
                if not pk.isdecimal():
                    raise Http404("no such glossary entry")
                actions.delete_glossary_entry(request.user, get_object_or_404(GlossaryEntry, pk=int(pk)))
            else:
                p = request.POST
                actions.save_glossary_entry(request.user, source_language=p.get("source_language", ""), term=p.get("term", ""),
                                            target_language=p.get("target_language", ""), translation=p.get("translation", ""))
            messages.success(request, _("Glossary saved."))
        except ActionError as exc:
            messages.error(request, _explain(exc))
        return redirect("replies:glossary")
    return render(request, "replies/glossary.html", {"entries": GlossaryEntry.objects.order_by("source_language", "target_language", "term")})
