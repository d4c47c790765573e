"""A rule read as people write it, in the user's language, numbers with the decimal
comma in Vietnamese: on the forms, the leaf's page, the set's page and the Excel cells.

Bands are read as the decisions write them in Vietnamese ("trên 90 %", "từ 70 % đến
90 %", "dưới 70 %") and as intervals in English ("(90..100]", "[70..90]", "[0..70)").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indexes.scoring.amounts import to_decimal
from indexes.scoring.attainable import Attainable
from indexes.scoring.bands import is_legacy, normalize_bands
from indexes.scoring.problems import ScoringError


def format_number(value: Any) -> str:
    """A number as it was written (1 stays 1, 0.5 stays 0.5), with the language's separator."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
    elif isinstance(value, (int, Decimal)):
        text = str(value)
    else:
        return str(value)
    return text.replace(".", ",") if get_format("DECIMAL_SEPARATOR") == "," else text


def _vietnamese() -> bool:
    return (get_language() or "vi").startswith("vi")


def _decimal(value: Any) -> Decimal:
    return to_decimal(repr(value) if isinstance(value, float) else value)


def _band_bounds(band: dict) -> tuple[Decimal, bool, Decimal, bool]:
    return (
        _decimal(band.get("min", 0)),
        bool(band.get("min_inclusive", True)),
        _decimal(band.get("max", 100)),
        bool(band.get("max_inclusive", True)),
    )


def band_phrase(band: dict) -> str:
    """The band as a Vietnamese decision writes it: "trên 90 %", "từ 70 % đến 90 %"."""
    low, low_in, high, high_in = _band_bounds(band)
    low_text = f"{format_number(band.get('min', 0))} %"
    high_text = f"{format_number(band.get('max', 100))} %"
    if low == high:
        return f"bằng {low_text}"
    if high == 100 and high_in:
        return f"từ {low_text} trở lên" if low_in else f"trên {low_text}"
    if low == 0 and low_in:
        return f"từ 0 % đến {high_text}" if high_in else f"dưới {high_text}"
    lower = f"từ {low_text}" if low_in else f"trên {low_text}"
    return f"{lower} đến {high_text}" if high_in else f"{lower} đến dưới {high_text}"


def band_interval(band: dict) -> str:
    """The band in the plain notation: [70..90], (90..100]."""
    _low, low_in, _high, high_in = _band_bounds(band)
    low, high = format_number(band.get("min", 0)), format_number(band.get("max", 100))
    return f"{'[' if low_in else '('}{low}..{high}{']' if high_in else ')'}"


def format_bands(bands: list[dict]) -> str:
    """Every band and its points: "trên 90 % = 2; từ 70 % đến 90 % = 1; dưới 70 % = 0"."""
    if is_legacy(bands):
        pairs = ((band.get("min"), band.get("points")) for band in bands)
        return "; ".join(f"{format_number(low)} = {format_number(points)}" for low, points in pairs)
    spell = band_phrase if _vietnamese() else band_interval
    return "; ".join(f"{spell(band)} = {format_number(band.get('points'))}" for band in bands)


def rule_text(rule: Any) -> str:
    """A one-line reading of a leaf's scoring rule."""
    if not isinstance(rule, dict) or not rule.get("type"):
        return ""
    kind, number = rule["type"], format_number
    if kind == "levels":
        levels = rule.get("levels", [])
        return "; ".join(
            f"{level.get('label')} → {number(level.get('points'))}" for level in levels
        )
    if kind == "pct_bands":
        return _bands_text(rule.get("bands", []))
    if kind == "proportional":
        return _("points = rate × max")
    if kind == "boolean":
        return _("done → %(points)s, otherwise 0") % {
            "points": number(rule.get("true_points", _("max")))
        }
    if kind == "count":
        return _("%(per_item)s per item, at most %(cap)s") % {
            "per_item": number(rule.get("per_item")),
            "cap": number(rule.get("cap", _("max"))),
        }
    if kind == "survey_weighted":
        weights = rule.get("weights", {})
        return _("weighted answers: %(weights)s") % {
            "weights": ", ".join(
                f"{option} {number(weight)} %" for option, weight in weights.items()
            )
        }
    if kind == "counts":
        return _counts_text(rule)
    if kind == "formula":
        return _("points = %(expression)s") % {"expression": rule.get("expression", "")}
    if kind == "composite":
        parts = ", ".join(
            f"{item.get('label') or item.get('code')}"
            + (f" {number(item['weight'])} %" if "weight" in item else "")
            for item in rule.get("components", [])
        )
        return _("from the components: %(parts)s") % {"parts": parts}
    return str(kind)


def _bands_text(bands: list) -> str:
    """Bands read on a page, the older shape too: "trên 90 % → 2; từ 70 % đến 90 % → 1"."""
    try:
        explicit = normalize_bands(bands)
    except (KeyError, TypeError, ScoringError):
        return ""  # a broken rule: the tree check names it
    return "; ".join(f"{_page_words(band)} → {format_number(band['points'])}" for band in explicit)


def _page_words(band: dict) -> str:
    """A band on a page: the decision's words in Vietnamese, signs in English."""
    low, low_in, high, high_in = _band_bounds(band)
    low_text, high_text = f"{format_number(low)} %", f"{format_number(high)} %"
    top = high == 100 and high_in  # also the older shape's "100 % and above"
    if _vietnamese():
        if top:
            return f"từ {low_text} trở lên" if low_in else f"trên {low_text}"
        return band_phrase(band)
    if top:
        return f"{'≥' if low_in else '>'} {low_text}"
    if low == 0 and low_in:
        return f"{'≤' if high_in else '<'} {high_text}"
    if low == high:
        return f"= {low_text}"
    return f"{'≥' if low_in else '>'} {low_text} and {'≤' if high_in else '<'} {high_text}"


def _counts_text(rule: dict) -> str:
    text = _("rate = %(numerator)s / %(denominator)s") % {
        "numerator": rule.get("numerator", ""),
        "denominator": rule.get("denominator", ""),
    }
    if rule.get("bands"):
        text += "; " + _bands_text(rule["bands"])
    else:
        text += "; " + _("points = rate × max")
    if rule.get("floor") is not None:
        text += "; " + _("below %(floor)s %%: 0") % {"floor": format_number(rule["floor"])}
    return text


def attainable_text(allowed: Attainable) -> str:
    """The points a rule gives, for a refusal: "1; 0,5 or 0", "from 1 to 2", "0 or a
    multiple of 0,25 from 0 to 5" ("; " between items: the comma is the decimal point)."""
    parts = []
    for value in allowed.values:
        if allowed.step is not None and value % allowed.step == 0:
            continue  # said by the multiples below
        parts.append(format_number(_plain(value)))
    parts += [
        _("from %(low)s to %(high)s")
        % {"low": format_number(_plain(low)), "high": format_number(_plain(high))}
        for low, high in allowed.ranges
    ]
    if allowed.step is not None and allowed.limit is not None:
        parts.append(
            _("a multiple of %(step)s from 0 to %(limit)s")
            % {
                "step": format_number(_plain(allowed.step)),
                "limit": format_number(_plain(allowed.limit)),
            }
        )
    if len(parts) < 2:
        return "".join(parts)
    return _("%(some)s or %(last)s") % {"some": "; ".join(parts[:-1]), "last": parts[-1]}


def _plain(value: Decimal) -> Decimal:
    """2.50 as 2.5 and 2.00 as 2 (never 2E+1): points as people write them."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
