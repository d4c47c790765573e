"""The parameters cell of the set template for the rules real sets write: rate bands with
exact edges, two counts, a formula, a composite of components. Other rules are spelled
by rule_text.py, which this module hands them to.

Bands, one per ";" as the published texts write them, in Vietnamese::

    trên 90 % = 2; từ 70 % đến 90 % = 1; dưới 70 % = 0

("trên" and "dưới" leave the edge out, "từ … đến" takes both ends in, "từ 95 % trở lên",
"từ 0 % đến 70 %", "đến dưới 90 %", "bằng 100 %"), or in a plain notation, brackets
saying whether an edge is in::

    (90..100] = 2; [70..90] = 1; [0..70) = 0

An export writes the phrases in Vietnamese and the plain notation in English; an import
reads both, and still reads the older "minimum = points" list (`100 = 2; 80 = 1; 0 = 0`),
which an export keeps for bands written that way.

The rules with several parameters take one per line ("name = value", the value after
the first "=")::

    counts     numerator = Hồ sơ đúng hạn / denominator = Tổng số hồ sơ / floor = 50 /
               if_none = 2 / bands = trên 90 % = 6; từ 70 % đến 90 % = 3; dưới 70 % = 0
    formula    expression = min(dung_han / ke_hoach * 4, 4) / dung_han = Văn bản đúng hạn / …
    composite  combine = weighted / tiep_can = Tiếp cận dịch vụ (20 %) / …
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from exchange.rule_text import ParameterError, format_parameters, parse_number
from exchange.rule_text import parse_rule as parse_simple_rule
from indexes.rule_words import format_bands, format_number
from indexes.scoring.amounts import to_decimal

_NUMBER = r"(\d+(?:[.,]\d+)?)\s*%?"
_PHRASE = re.compile(
    rf"(?:(?P<low_word>từ|trên)\s+{_NUMBER})?\s*"
    rf"(?:(?P<up_word>đến\s+dưới|đến|dưới)\s+{_NUMBER})?\s*"
    r"(?P<tail>trở\s+lên|trở\s+xuống)?"
)
_EQUAL = re.compile(rf"bằng\s+{_NUMBER}")
_INTERVAL = re.compile(rf"(?P<open>[\[(])\s*{_NUMBER}\s*\.\.\s*{_NUMBER}\s*(?P<close>[\])])")
_BARE = re.compile(_NUMBER)
_WEIGHT = re.compile(rf"(?P<label>.*?)\s*\(\s*{_NUMBER}\s*\)")
COUNTS_KEYS = ("numerator", "denominator", "floor", "if_none", "bands")


def _number(text: str) -> Decimal:
    return to_decimal(text.replace(",", "."))


# --- bands (written by indexes.rule_words, read here) ----------------------------------


def _band(low, low_in: bool, high, high_in: bool, points) -> dict[str, Any]:
    """A band with only what differs from the defaults (from 0 % to 100 %, edges in); an
    edge left out keeps its number, as a person writes "max: 100, max_inclusive: false"."""
    band: dict[str, Any] = {}
    if low is not None and (_number(str(low)) != 0 or not low_in):
        band["min"] = low
    if not low_in:
        band["min_inclusive"] = False
    if high is not None and (_number(str(high)) != 100 or not high_in):
        band["max"] = high
    if not high_in:
        band["max_inclusive"] = False
    band["points"] = points
    return band


def _read_band(text: str, points) -> dict[str, Any] | None:
    """A band from a phrase or an interval; None when the text is a bare minimum."""
    text = " ".join(text.lower().split())
    if _BARE.fullmatch(text):
        return None
    if match := _INTERVAL.fullmatch(text):
        start, end = parse_number(match[2]), parse_number(match[3])
        return _band(start, match["open"] == "[", end, match["close"] == "]", points)
    if match := _EQUAL.fullmatch(text):
        value = parse_number(match[1])
        return _band(value, True, value, True, points)
    phrase = _PHRASE.fullmatch(text)
    if not phrase or not (phrase["low_word"] or phrase["up_word"]):
        message = _(
            "“%(band)s” is not a band such as “trên 90 %%”, “từ 70 %% đến 90 %%”, “[70..90]”."
        )
        raise ParameterError(message % {"band": text})
    low = parse_number(phrase[2]) if phrase["low_word"] else None
    high = parse_number(phrase[4]) if phrase["up_word"] else None
    tail = (phrase["tail"] or "").replace(" ", "")
    if tail == "trởxuống" and low is not None and high is None:  # "từ 70 % trở xuống"
        return _band(None, True, low, phrase["low_word"] == "từ", points)
    up_word = " ".join((phrase["up_word"] or "").split())
    return _band(low, phrase["low_word"] != "trên", high, not up_word.endswith("dưới"), points)


def parse_bands(text: str) -> list[dict[str, Any]]:
    bands: list[dict[str, Any]] = []
    minimums: list[dict[str, Any]] = []
    for part in (part.strip() for part in text.split(";")):
        if not part:
            continue
        where, equals, value = part.rpartition("=")
        if not equals or not where.strip() or not value.strip():
            raise ParameterError(_("“%(part)s” is not of the form band = points.") % {"part": part})
        points = parse_number(value.strip())
        band = _read_band(where, points)
        if band is None:
            low = parse_number(where.strip().rstrip("%").strip())
            minimums.append({"min": low, "points": points})
        else:
            bands.append(band)
    if bands and minimums:
        raise ParameterError(_("Write every band with its edges, or every band as a minimum."))
    return bands or minimums


# --- rules with several parameters ------------------------------------------------------


def _lines(text: str) -> list[tuple[str, str]]:
    pairs = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        name, equals, value = line.partition("=")
        if not equals or not name.strip():
            raise ParameterError(_("“%(part)s” is not of the form name = value.") % {"part": line})
        pairs.append((name.strip(), value.strip()))
    return pairs


def _format_counts(rule: dict) -> str:
    lines = []
    for key in COUNTS_KEYS:
        if rule.get(key) is None:
            continue
        value = rule[key]
        if key == "bands":
            text = format_bands(value)
        else:
            text = value if isinstance(value, str) else format_number(value)
        lines.append(f"{key} = {text}")
    return "\n".join(lines)


def _parse_counts(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    rule: dict[str, Any] = {"type": "counts"}
    for name, value in pairs:
        if name not in COUNTS_KEYS:
            raise ParameterError(
                _("“%(name)s” is not a parameter of this rule; use: %(allowed)s.")
                % {"name": name, "allowed": ", ".join(COUNTS_KEYS)}
            )
        if name in ("numerator", "denominator"):
            rule[name] = value
        elif name == "bands":
            rule[name] = parse_bands(value)
        else:
            rule[name] = parse_number(value)
    return rule


def _format_formula(rule: dict) -> str:
    lines = [f"expression = {rule.get('expression', '')}"]
    for item in rule.get("inputs") or []:
        lines.append(f"{item.get('name')} = {item.get('label', '')}".rstrip())
    return "\n".join(lines)


def _parse_formula(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    rule: dict[str, Any] = {"type": "formula", "inputs": []}
    for name, value in pairs:
        if name == "expression":
            rule["expression"] = value
        else:
            rule["inputs"].append({"name": name, "label": value} if value else {"name": name})
    return rule


def _format_composite(rule: dict) -> str:
    lines = [f"combine = {rule['combine']}"] if "combine" in rule else []
    for item in rule.get("components") or []:
        weight = f" ({format_number(item['weight'])} %)" if "weight" in item else ""
        lines.append(f"{item.get('code')} = {item.get('label', '')}{weight}")
    return "\n".join(lines)


def _parse_composite(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    rule: dict[str, Any] = {"type": "composite", "components": []}
    for name, value in pairs:
        if name == "combine":
            rule["combine"] = value
            continue
        component: dict[str, Any] = {"code": name}
        match = _WEIGHT.fullmatch(value)
        label = match["label"] if match else value
        if label:
            component["label"] = label
        if match:
            component["weight"] = parse_number(match[2])
        rule["components"].append(component)
    return rule


def format_rule_cell(rule: Any) -> str:
    """The parameters cell for a rule (the YAML shape)."""
    if not isinstance(rule, dict):
        return ""
    kind = rule.get("type")
    if kind == "pct_bands" and isinstance(rule.get("bands"), list):
        return format_bands(rule["bands"])
    if kind == "counts":
        return _format_counts(rule)
    if kind == "formula":
        return _format_formula(rule)
    if kind == "composite":
        return _format_composite(rule)
    return format_parameters(rule)


def parse_rule_cell(kind: str, text: str) -> dict[str, Any]:
    """The rule dict for a rule type and its parameters cell."""
    text = text or ""
    if kind == "pct_bands":
        return {"type": kind, "bands": parse_bands(text)}
    if kind == "counts":
        return _parse_counts(_lines(text))
    if kind == "formula":
        return _parse_formula(_lines(text))
    if kind == "composite":
        return _parse_composite(_lines(text))
    return parse_simple_rule(kind, text)
