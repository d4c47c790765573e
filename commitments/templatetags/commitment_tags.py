from django import template

register = template.Library()


@register.filter
def pledge_lines(text: str) -> list[str]:
    """Pledges typed one per line, with or without a leading dash or bullet."""
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
