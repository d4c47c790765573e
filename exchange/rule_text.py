"""A leaf's rule parameters as one spreadsheet cell: "name = value" pairs.

    levels           Đúng thời hạn = 1; Chậm = 0,5; Không ban hành = 0   (label = points)
    pct_bands        100 = 2; 80 = 1; 0 = 0                              (minimum % = points)
    boolean          true_points = 1                                      (or empty: full points)
    count            per_item = 0,5; cap = 1
    survey_weighted  A = 100; B = 60; C = 20; D = 0                       (option = weight %)
    proportional     (empty)

Pairs are separated by ";" or, when the cell has line breaks, by line breaks only (so a
label may contain ";"). A label may contain "=": the value is what follows the last one.
Numbers keep their kind (1 stays a whole number, 0.5 and 1.0 stay decimals) so that an
exported set imports back identical; either decimal separator is read.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from indexes.rule_words import format_number
from indexes.scoring import ScoringError, to_decimal

NAMED_PARAMETERS = {"boolean": ("true_points",), "count": ("per_item", "cap")}
NO_PARAMETERS = ("proportional",)


class ParameterError(ValueError):
    """A translated message saying what is wrong with the parameters cell."""


def parse_number(text: str) -> int | float:
    """ "1" → 1, "0,5" or "0.5" → 0.5, "1.0" → 1.0 (the kinds YAML would give)."""
    try:
        number = to_decimal(text)
    except ScoringError as error:
        raise ParameterError(_("“%(value)s” is not a number.") % {"value": text}) from error
    if "," in text or "." in text:
        return float(number)
    return int(number)


def format_parameters(rule: Any) -> str:
    if not isinstance(rule, dict):
        return ""
    kind = rule.get("type", "")
    pairs: list[tuple[str, Any]]
    if kind == "levels":
        pairs = [(str(level.get("label", "")), level.get("points")) for level in rule["levels"]]
    elif kind == "pct_bands":
        pairs = [(format_number(band.get("min")), band.get("points")) for band in rule["bands"]]
    elif kind == "survey_weighted":
        pairs = list(rule.get("weights", {}).items())
    else:
        pairs = [(name, rule[name]) for name in NAMED_PARAMETERS.get(kind, ()) if name in rule]
    separator = "\n" if any(";" in str(name) for name, _value in pairs) else "; "
    return separator.join(f"{name} = {format_number(value)}" for name, value in pairs)


def _pairs(text: str) -> list[tuple[str, str]]:
    parts = text.split("\n") if "\n" in text else text.split(";")
    pairs = []
    for part in parts:
        if not part.strip():
            continue
        name, equals, value = part.rpartition("=")
        if not equals or not name.strip() or not value.strip():
            raise ParameterError(
                _("“%(part)s” is not of the form name = value.") % {"part": part.strip()}
            )
        pairs.append((name.strip(), value.strip()))
    return pairs


def parse_rule(kind: str, text: str) -> dict[str, Any]:
    """The rule dict (the YAML shape) for a rule type and its parameters cell."""
    pairs = _pairs(text or "")
    rule: dict[str, Any] = {"type": kind}
    if kind == "levels":
        rule["levels"] = [{"label": name, "points": parse_number(value)} for name, value in pairs]
    elif kind == "pct_bands":
        rule["bands"] = [
            {"min": parse_number(name), "points": parse_number(value)} for name, value in pairs
        ]
    elif kind == "survey_weighted":
        rule["weights"] = {name: parse_number(value) for name, value in pairs}
    elif kind in NAMED_PARAMETERS:
        allowed = NAMED_PARAMETERS[kind]
        for name, value in pairs:
            if name not in allowed:
                raise ParameterError(
                    _("“%(name)s” is not a parameter of this rule; use: %(allowed)s.")
                    % {"name": name, "allowed": ", ".join(allowed)}
                )
            rule[name] = parse_number(value)
    elif kind in NO_PARAMETERS and pairs:
        raise ParameterError(_("This rule takes no parameters."))
    return rule
