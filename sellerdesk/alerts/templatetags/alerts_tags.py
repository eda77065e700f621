from django import template

register = template.Library()


@register.inclusion_tag("alerts/_bell.html", takes_context=True)
def alert_bell(context):
    from sellerdesk.alerts.views import unread_count

    return {"unread": unread_count(context["user"])}
