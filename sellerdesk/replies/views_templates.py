"""The template library pages: list with search and the review list, edit with a preview on request.

A preview fills the template on a web thread, so it happens only when the agent asks for it
(the Preview button), never on opening a page; filling is bounded (templating/limits.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sellerdesk.conversations.actions import ActionError
from sellerdesk.lib import clock
from sellerdesk.replies import actions, queries
from sellerdesk.replies.forms import TemplateForm
from sellerdesk.replies.library.starter import LANGUAGES
from sellerdesk.replies.models import ReplyTemplate
from sellerdesk.replies.templating.render import VARIABLES, render as render_body
from sellerdesk.replies.templating.variables import sample_values
from sellerdesk.web.access import agent_view


@agent_view
def template_list(request):
    now = clock.now()
    g = request.GET
    due = g.get("due") == "1"
    rows = queries.templates(now, query=g.get("q", ""), category=g.get("category", ""), language=g.get("language", ""),
                             tag=g.get("tag", ""), due=due)
    return render(request, "replies/template_list.html", {
        "rows": [(t, queries.is_due(t, now)) for t in rows],
        "q": g.get("q", ""), "category": g.get("category", ""), "language": g.get("language", ""), "tag": g.get("tag", ""),
        "due": due, "categories": ReplyTemplate.Category.choices, "languages": LANGUAGES, "tags": queries.all_tags(),
        "due_count": ReplyTemplate.objects.filter(queries.review_due_q(now), is_active=True).count(),
    })


def _previews(body: str, language: str) -> list[tuple[str, object]]:
    return [
        (_("Not delivered yet"), render_body(body, sample_values(language, delivered=False))),
        (_("Delivered"), render_body(body, sample_values(language, delivered=True))),
    ]


@require_http_methods(["GET", "POST"])
@agent_view
def template_edit(request, pk: int | None = None):
    template = get_object_or_404(ReplyTemplate, pk=pk) if pk else None
    error = ""
    preview = request.method == "POST" and "preview" in request.POST
    if request.method == "POST":
        form = TemplateForm(request.POST)
        if preview:
            form.is_valid()  # errors are shown with the preview; nothing is saved
        elif form.is_valid():
            try:
                saved = actions.save_template(request.user, template, **form.fields_for_action())
            except ActionError as exc:
                error = _(str(exc))
            else:
                messages.success(request, _("Template saved."))
                return redirect("replies:template_edit", pk=saved.pk)
    else:
        form = TemplateForm(initial=TemplateForm.initial_from(template) if template else {"language": "en", "is_active": True})
    body = form.data.get("body") if form.is_bound else (template.body if template else "")
    language = (form.data.get("language") if form.is_bound else (template.language if template else "en")) or "en"
    return render(request, "replies/template_edit.html", {
        "form": form, "template": template, "error": error, "variables": VARIABLES,
        "previews": _previews(body or "", language) if preview and body else [],
        "due": template is not None and queries.is_due(template, clock.now()),
    }, status=422 if error or (form.is_bound and form.errors and not preview) else 200)


@require_POST
@agent_view
def template_reviewed(request, pk: int):
    template = get_object_or_404(ReplyTemplate, pk=pk)
    actions.mark_reviewed(request.user, template)
    messages.success(request, _("Marked as reviewed."))
    if request.POST.get("back") == "due":
        return redirect(reverse("replies:template_list") + "?due=1")
    return redirect("replies:template_edit", pk=template.pk)
