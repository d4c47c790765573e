"""Points and percents as every page shows them, in the active language's marks.

Vietnamese writes "7,50" and "88,29 %", English "7.50" and "88.29 %" (the marks come from
cchc_tracker/formats). Templates and tables of every app format numbers here, so that two
pages cannot show the same figure differently.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language

from indexes.scoring import TWO_PLACES

register = template.Library()

NO_VALUE = "—"


def _two_places(value: Decimal | int | float) -> Decimal:
    # Half up like the scoring; Django's number_format alone would cut 7,555 to 7,55.
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return number.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


# Per language: how to turn Python's "1,234.50" into the language's marks, or None where
# its grouping is not Python's (groups of three), which Django's number_format then does.
_marks: dict[str | None, dict[int, str] | None] = {}


@receiver(setting_changed)
def _forget_marks(**kwargs) -> None:
    _marks.clear()


def _marks_of(language: str | None) -> dict[int, str] | None:
    if language not in _marks:
        decimal = get_format("DECIMAL_SEPARATOR", language, use_l10n=True)
        thousand = get_format("THOUSAND_SEPARATOR", language, use_l10n=True)
        grouping = get_format("NUMBER_GROUPING", language, use_l10n=True)
        _marks[language] = (
            str.maketrans({",": str(thousand), ".": str(decimal)}) if grouping == 3 else None
        )
    return _marks[language]


@register.filter
def points(value: Decimal | int | float | None) -> str:
    """Points with two decimals ("85,50"; "1.234,50"), or a dash when there are none."""
    if value is None:
        return NO_VALUE
    number = _two_places(value)
    # What number_format(…, decimal_pos=2, force_grouping=True) writes, in a fifth of its
    # time: a dashboard page formats a thousand numbers (tests/indexes/test_number_tags.py
    # compares the two).
    marks = _marks_of(get_language())
    if marks is None:
        return number_format(number, decimal_pos=2, use_l10n=True, force_grouping=True)
    if not number:
        number = abs(number)  # as number_format: no "-0,00"
    return f"{number:,.2f}".translate(marks)


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
