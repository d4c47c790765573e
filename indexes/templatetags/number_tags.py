"""Points and percents as every page shows them, in the active language's marks.

Vietnamese writes "7,50" and "88,29 %", English "7.50" and "88.29 %" (the marks come from
cchc_tracker/formats). Templates and tables of every app format numbers here, so that two
pages cannot show the same figure differently.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

from indexes.scoring import TWO_PLACES

register = template.Library()

NO_VALUE = "—"


def _two_places(value: Decimal | int | float) -> Decimal:
    # Half up like the scoring; Django's number_format alone would cut 7,555 to 7,55.
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return number.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@register.filter
def points(value: Decimal | int | float | None) -> str:
    """Points with two decimals ("85,50"; "1.234,50"), or a dash when there are none."""
    if value is None:
        return NO_VALUE
    return number_format(_two_places(value), decimal_pos=2, use_l10n=True, force_grouping=True)


@register.filter
def pct(value: Decimal | int | float | None) -> str:
    """A percent with two decimals ("88,29 %"), or a dash."""
    return NO_VALUE if value is None else f"{points(value)} %"


@register.filter
def pct_trimmed(value: Decimal | int | float | None) -> str:
    """A percent as people say a target, without trailing zeros: "100 %", "95 %", "97,5 %"."""
    if value is None:
        return NO_VALUE
    rounded = _two_places(value)
    if rounded == rounded.to_integral_value():
        return f"{number_format(rounded, decimal_pos=0, use_l10n=True, force_grouping=True)} %"
    return f"{points(rounded).rstrip('0')} %"
