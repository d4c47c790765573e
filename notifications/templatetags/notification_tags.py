from django import template

from notifications import selectors

register = template.Library()


@register.filter
def unread_notifications(user) -> int:
    return selectors.unread_count(user)
