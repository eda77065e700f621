"""Template helpers of the agent UI: labels in the UI language, names, the nav badge."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from sellerdesk.lib import clock
from sellerdesk.web import labels, lookups, nav, notices, orderbox, reasons, timeleft

register = template.Library()


@register.simple_tag(takes_context=True)
def problem_count(context) -> int:
    request = context.get("request")
    if request is not None and getattr(request, "user", None) is not None and request.user.is_authenticated:
        return nav.badges(request)["problems"]  # with the other badges, one query
    return lookups.problem_count()


@register.simple_tag
def js_texts() -> dict:
    """What desk.js needs: the time-left patterns and error texts in the UI language, and the server's now."""
    return {
        "server_now": int(clock.now().timestamp() * 1000),  # the countdown follows our clock, not the PC's
        **timeleft.patterns(),
        "failed": _("Request failed (%(status)s). Reload the page and try again."),
        "offline": _("Cannot reach SellerDesk. Check the connection."),
    }


@register.filter
def intent_by_agent(conv) -> bool:
    """The intent was set by a person (a correction): no confidence figure to show."""
    return any(str(r).endswith("(corrected by an agent)") for r in conv.urgency_reasons or [])


@register.filter
def reason(text):
    return reasons.reason_text(text)


@register.filter
def reasons_joined(items):
    return "; ".join(reasons.reason_text(r) for r in notices.unique(items))


@register.filter
def unique(items):
    return notices.unique(items)


@register.filter
def platform_name(code):
    return notices.platform_name(code)


@register.filter
def deadline_name(kind):
    return reasons.deadline_name(kind)


@register.filter
def claim_code(text):
    return labels.claim_code(text)


@register.filter
def status_label(code):
    return labels.label(labels.STATUSES, code)


@register.filter
def intent_label(code):
    return labels.label(labels.INTENTS, code)


@register.filter
def sentiment_label(code):
    return labels.label(labels.SENTIMENTS, code)


@register.filter
def tier_label(tier):
    return labels.label(labels.TIERS, tier)


@register.filter
def identity_label(code):
    return labels.label(labels.IDENTITIES, code)


@register.filter
def role_label(code):
    return labels.label(labels.ROLES, code)


@register.filter
def channel_badge(conv):
    return labels.channel_badge(conv.channel, conv.marketplace)


@register.filter
def langname(code):
    return labels.language_name(code)


@register.filter
def country(code):
    return labels.country_name(code)


@register.filter
def agent_name(user):
    if user is None:
        return ""
    profile = getattr(user, "agent", None)
    return profile.name if profile else user.get_username()


@register.filter
def percent(value):
    return "" if value is None else f"{round(value * 100)}%"


@register.filter
def is_admin(user):
    from sellerdesk.web.access import is_admin as check

    return check(user)


@register.filter
def is_supervisor(user):
    from sellerdesk.accounts.roles import is_supervisor as check

    return check(user)


@register.filter
def item_text(item):
    """An order line from whatever shape the connector stored."""
    if isinstance(item, dict):
        name = item.get("title") or item.get("name") or item.get("sku") or ""
        qty = item.get("quantity") or item.get("qty")
        return f"{qty} × {name}" if qty else str(name)
    return str(item)


@register.filter
def item_price(item, order_currency=""):
    return orderbox.item_price(item, order_currency)


@register.simple_tag
def triage_choices() -> dict:
    """The values an agent may pick when correcting triage, labelled in the UI language."""
    return {
        "intents": [(code, labels.label(labels.INTENTS, code)) for code in labels.INTENTS],
        "tiers": [(str(t), labels.label(labels.TIERS, t)) for t in labels.TIERS],
        "languages": sorted(((c, labels.language_name(c)) for c in labels.BUYER_LANGUAGES), key=lambda p: p[1]),
        "sentiments": [(code, labels.label(labels.SENTIMENTS, code)) for code in labels.SENTIMENTS],
    }


@register.filter
def platform_label(order):
    """"TikTok Shop MY", "eBay UK": an order's platform and marketplace as sellers name them."""
    return labels.channel_badge(order.platform, order.marketplace)


@register.simple_tag(takes_context=True)
def pending_approvals(context) -> int:
    """Refunds and policy exceptions waiting for a supervisor (the nav badge)."""
    request = context.get("request")
    if request is not None and getattr(request, "user", None) is not None and request.user.is_authenticated:
        return nav.badges(request)["approvals"]
    from sellerdesk.replies.models import Approval

    return Approval.objects.filter(status=Approval.Status.PENDING).count()
