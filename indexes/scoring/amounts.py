"""Decimal amounts: parsing typed numbers and insisting on exact Decimals with two places."""

from __future__ import annotations

import re
from decimal import Decimal

from indexes.scoring.problems import ScoringError, _WrongType

TWO_PLACES = Decimal("0.01")
_ZERO = Decimal("0.00")
_HUNDRED = Decimal(100)


# Digits with at most one decimal separator; "7,5" (Vietnamese) or "7.5". No exponents,
# underscores or thousands separators: "1.234,5" is ambiguous and refused.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")


def to_decimal(value: Decimal | int | str) -> Decimal:
    """An exact Decimal from what an official typed or a program passed."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise _WrongType("not_a_number", {"value": repr(value)})
    if isinstance(value, str):
        text = value.strip()
        if not _NUMBER.fullmatch(text):
            raise ScoringError("not_a_number", {"value": value})
        return Decimal(text.replace(",", "."))
    number = Decimal(value)
    if not number.is_finite():
        raise ScoringError("not_a_number", {"value": str(value)})
    return number


def _exact(value: object, name: str) -> Decimal:
    """A Decimal (or int) argument; a float means the caller already lost exactness."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise ScoringError("not_a_number", {"value": str(value)})
    return number


def _exact_fields(instance: object, *names: str) -> None:
    """Frozen dataclasses store their Decimal fields checked (no float) and as Decimal."""
    for name in names:
        value = getattr(instance, name)
        if value is not None:
            object.__setattr__(instance, name, _exact(value, name))


def _more_than_two_places(number: Decimal) -> bool:
    # as_integer_ratio is exact, unlike quantize, which depends on the context's precision.
    return 100 % number.as_integer_ratio()[1] != 0


def _rule_number(raw: object) -> Decimal:
    """A number written in a rule. JSON and YAML decode 0.5 as a float, so here (and only
    here) a float is read at its shortest spelling, which is what the author wrote."""
    if isinstance(raw, float):
        raw = repr(raw)
    return to_decimal(raw)  # type: ignore[arg-type]  # to_decimal refuses other types
