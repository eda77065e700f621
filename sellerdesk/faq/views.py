"""The FAQ page: entries per language, edited by supervisors; a box to try a buyer's message."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from sellerdesk.faq import actions, matcher
from sellerdesk.faq.models import FaqEntry
from sellerdesk.web.access import agent_view

# Languages offered on the edit form (others the seller added through the API are kept and shown).
FORM_LANGUAGES = ("en", "zh", "de", "fr", "es", "it", "ja")


def _editor(request) -> None:
    from sellerdesk.routing.views import is_supervisor

    if not is_supervisor(request.user):
        raise PermissionDenied("Only supervisors and admins may edit the FAQ.")


@agent_view
def faq_list(request):
    entries = FaqEntry.objects.prefetch_related("texts").order_by("pk")[:500]
    tried = None
    text, lang = request.GET.get("text", "").strip()[:4000], request.GET.get("lang", "").strip()[:10]
    if text and lang:
        tried = {"text": text, "lang": lang, "match": matcher.match(text, lang), "hit": matcher.nearest(text)}
    return render(request, "faq/list.html", {"entries": entries, "tried": tried, "languages": FORM_LANGUAGES})


@agent_view
def faq_edit(request, pk: int | None = None):
    _editor(request)
    entry = None
    if pk is not None:
        entry = FaqEntry.objects.filter(pk=pk).first()
        if entry is None:
            raise Http404("no such FAQ entry")
    existing = {t.language: t for t in entry.texts.all()} if entry else {}
    languages = list(dict.fromkeys([*FORM_LANGUAGES, *existing]))
    error = ""
    if request.method == "POST":
        texts = {}
        for lang in languages:
            q, a = request.POST.get(f"q_{lang}", ""), request.POST.get(f"a_{lang}", "")
            if q.strip() or a.strip():
                texts[lang] = actions.Wording(q, a, request.POST.get(f"w_{lang}", ""))
        try:
            actions.save_entry(entry, topic=request.POST.get("topic", "other"), is_active=request.POST.get("is_active") == "on",
                               texts=texts, actor=request.user)
        except actions.FaqError as exc:
            error = str(exc)
        else:
            return redirect("faq:list")
    rows = [{"lang": lang, "text": existing.get(lang), "post": request.POST} for lang in languages]
    return render(request, "faq/edit.html", {"entry": entry, "rows": rows, "topics": FaqEntry.Topic.choices, "error": error},
                  status=422 if error else 200)


@agent_view
def faq_delete(request, pk: int):
    _editor(request)
    if request.method != "POST":
        raise Http404("POST only")
    entry = FaqEntry.objects.filter(pk=pk).first()
    if entry is not None:
        actions.delete_entry(entry, actor=request.user)
    return redirect("faq:list")


@agent_view
def faq_starter(request):
    _editor(request)
    if request.method == "POST":
        actions.load_starter(actor=request.user)
    return redirect("faq:list")
