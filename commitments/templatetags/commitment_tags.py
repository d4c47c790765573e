from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pledge_lines(text: str) -> list[str]:
    """Pledges typed one per line, with or without a leading dash or bullet."""
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


@register.filter
def pct(value: Decimal | None) -> str:
    """A percent in the active language ("95,00 %" in Vietnamese), or a dash."""
    return "—" if value is None else f"{number_format(value, 2)} %"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
