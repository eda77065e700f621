from django import template

register = template.Library()


@register.simple_tag
def last_message_id(conv) -> int:
    from sellerdesk.collision.meanwhile import last_message_id as last

    return last(conv)
