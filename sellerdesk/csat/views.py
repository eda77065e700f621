"""The buyer's public survey page: one click on a rating answers; a comment is optional."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from sellerdesk.csat.survey import answer, unsign
from sellerdesk.csat.texts import TEXTS, language_of
from sellerdesk.web.access import agent_view


@require_http_methods(["GET", "POST"])
def survey_page(request, signed: str):
    survey = unsign(signed)
    if survey is None:
        lang = language_of(request.GET.get("lang", "en"))
        return render(request, "csat/page.html", {"t": TEXTS[lang], "lang": lang, "expired": True}, status=404)
    lang = language_of(survey.language)
    context = {"t": TEXTS[lang], "lang": lang, "survey": survey, "ratings": [1, 2, 3, 4, 5]}
    if request.method == "POST":
        try:
            rating = int(request.POST.get("rating", ""))
            answer(survey, rating, request.POST.get("comment", ""))
        except ValueError:
            return HttpResponse(status=400)
        context["done"] = True
    return render(request, "csat/page.html", context)


@require_POST
@agent_view
def send_now(request, pk: int):
    """An agent asks now (the button on the conversation)."""
    from django.contrib import messages
    from django.shortcuts import get_object_or_404, redirect
    from django.utils.translation import gettext as _

    from sellerdesk.conversations.models import Conversation
    from sellerdesk.csat.survey import send_survey

    conv = get_object_or_404(Conversation, pk=pk)
    result = send_survey(conv, agent=request.user)
    if result.sent:
        messages.success(request, _("Satisfaction survey sent."))
    else:
        reasons = {"channel": _("This channel does not allow satisfaction surveys."),
                   "recent": _("The buyer was asked less than 30 days ago."), "no_recipient": _("No buyer address to send to.")}
        messages.error(request, reasons[result.reason])
    return redirect("web:conversation", pk=pk)
