from django import template

register = template.Library()


@register.inclusion_tag("alerts/_bell.html", takes_context=True)
def alert_bell(context):
    from sellerdesk.alerts.views import unread_count

    request = context.get("request")
    if request is not None and getattr(request, "user", None) == context["user"] and context["user"].is_authenticated:
        from sellerdesk.web import nav

        return {"unread": nav.badges(request)["unread"]}  # read with the page's other badges
    return {"unread": unread_count(context["user"])}
