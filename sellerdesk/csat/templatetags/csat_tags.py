from django import template

register = template.Library()


@register.inclusion_tag("csat/_conversation.html", takes_context=True)
def csat_box(context, conv):
    from sellerdesk.csat.models import Survey
    from sellerdesk.csat.survey import ALLOWED_CHANNELS

    return {"conv": conv, "surveys": list(Survey.objects.filter(conversation=conv).order_by("-sent_at")[:5]),
            "allowed": conv.channel in ALLOWED_CHANNELS, "can_write": context.get("can_write"), "csrf_token": context.get("csrf_token")}
