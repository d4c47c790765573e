"""What an official types for a leaf, by its rule, and the points that input earns.

The input is kept on the score (`Score.self_input`) as a small dict, so that the form
can show it again and an appraiser can see what the points were computed from:
{"level": "Đúng thời hạn"}, {"rate": "95.5"}, {"done": true}, {"count": 2},
{"counts": {"numerator": "45", "denominator": "50"}}, {"inputs": {"dung_han": "3", ...}}
or, for a leaf whose rule asks for nothing an official can type, {"points": "1.5"}.
"""

import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from indexes import scoring
from indexes.models import Criterion
from indexes.scoring.bands import normalize_bands
from indexes.scoring.multi import counts_rate

KIND_BY_RULE = {
    "levels": "level",
    "pct_bands": "rate",
    "proportional": "rate",
    "boolean": "done",
    "count": "count",
    "counts": "counts",
    "formula": "inputs",
}


def input_kind(criterion: Criterion) -> str:
    """ "level", "rate", "done", "count", "counts", "inputs" or "points" (typed points,
    within the leaf's floor and max)."""
    rule = criterion.rule if isinstance(criterion.rule, dict) else {}
    kind = KIND_BY_RULE.get(rule.get("type", ""), "points")
    if kind == "points":
        return kind
    # Validating a rule takes a fraction of a millisecond, and a form asks for each of
    # its hundred leaves several times: the answer is kept by the rule's text and bounds.
    bounds = Decimal(criterion.max_points), Decimal(criterion.min_points)
    key = (json.dumps(rule, sort_keys=True, default=repr), *bounds)
    checked = _checked_kinds.get(key)
    if checked is None:
        # A broken rule cannot score: fall back to typed points.
        checked = "points" if scoring.validate_rule(rule, *bounds) else kind
        if len(_checked_kinds) >= 4096:
            _checked_kinds.clear()
        _checked_kinds[key] = checked
    return checked


_checked_kinds: dict[tuple, str] = {}


def points_for(criterion: Criterion, self_input: dict[str, Any]) -> Decimal:
    """The points the input earns under the leaf's rule; raises scoring.ScoringError."""
    maximum = Decimal(criterion.max_points)
    kind = input_kind(criterion)
    if kind not in self_input:
        raise scoring.RuleError("missing_parameter", {"parameter": kind})
    value = self_input[kind]
    if kind == "points":
        return checked_points(value, criterion)
    if kind == "rate":
        value = scoring.to_decimal(str(value))
    return scoring.evaluate_rule(criterion.rule, value, maximum, Decimal(criterion.min_points))


def checked_points(value: object, leaf: Criterion) -> Decimal:
    """Points typed directly (by an official, an appraiser, a survey or Excel import, a
    correction): a number from the leaf's floor (0, or below it on a deduction line) to
    its max, with at most two decimals, and one the leaf's rule can give (1, 0,5 or 0 on
    those levels; 0 or the full points on a yes/no leaf: `scoring.attainable_points`)."""
    maximum, minimum = Decimal(leaf.max_points), Decimal(leaf.min_points)
    number = scoring.to_decimal(value if isinstance(value, (Decimal, int)) else str(value))
    if not minimum <= number <= maximum:
        params = {"parameter": _("Points"), "value": number, "max": maximum, "min": minimum}
        code = "points_out_of_range" if minimum == 0 else "points_below_floor"
        raise scoring.ScoringError(code, params)
    if number != number.quantize(scoring.TWO_PLACES):
        raise scoring.ScoringError("too_many_decimals", {"parameter": _("Points"), "value": number})
    allowed = scoring.attainable_points(leaf.rule, maximum, minimum)
    if number not in allowed:
        raise scoring.ScoringError("points_not_attainable", {"value": number, "allowed": allowed})
    return number.quantize(scoring.TWO_PLACES)


def input_for_points(criterion: Criterion, points: Decimal) -> dict[str, Any] | None:
    """The rule's input that gives these points, where exactly one does: the level with
    these points, done or not done, the number of items below the cap. None where several
    inputs give them (any rate of a band, a formula's values, the cap): the points are then
    kept as typed, and no rate or count is made up."""
    rule = criterion.rule if isinstance(criterion.rule, dict) else {}
    kind = input_kind(criterion)
    candidates: list[dict[str, Any]] = []
    if kind == "level":
        candidates = [{"level": level["label"]} for level in rule["levels"]]
    elif kind == "done":
        candidates = [{"done": True}, {"done": False}]
    elif kind == "count":
        items = points / scoring.to_decimal(str(rule["per_item"]))
        if items == items.to_integral_value() and items >= 0:
            count = int(items)
            # One more item giving the same points means the cap is reached: not one count.
            if _points_or_none(criterion, {"count": count + 1}) != points:
                candidates = [{"count": count}]
    matching = [c for c in candidates if _points_or_none(criterion, c) == points]
    return matching[0] if len(matching) == 1 else None


def _points_or_none(criterion: Criterion, self_input: dict[str, Any]) -> Decimal | None:
    try:
        return points_for(criterion, self_input)
    except scoring.ScoringError:
        return None


def rule_data(criterion: Criterion) -> dict[str, Any]:
    """What the page's script needs to preview the points of an input (no ORM objects)."""
    rule = criterion.rule if isinstance(criterion.rule, dict) else {}
    kind = input_kind(criterion)
    data: dict[str, Any] = {
        "kind": kind,
        "max": str(criterion.max_points),
        "min": str(criterion.min_points),
    }
    if kind == "level":
        data["levels"] = [str(level.get("points")) for level in rule.get("levels", [])]
    elif kind == "rate" and rule.get("type") == "pct_bands":
        data["bands"] = _bands_data(rule["bands"])
    elif kind == "counts":
        data["bands"] = _bands_data(rule["bands"]) if rule.get("bands") else None
        data["floor"] = str(rule["floor"]) if rule.get("floor") is not None else None
        if_none = rule.get("if_none")
        data["if_none"] = str(criterion.max_points if if_none is None else if_none)
    elif kind == "done":
        data["true_points"] = str(rule.get("true_points", criterion.max_points))
    elif kind == "count":
        data["per_item"] = str(rule.get("per_item"))
        data["cap"] = str(rule.get("cap", criterion.max_points))
    return data


def _bands_data(bands: list) -> list[list[Any]]:
    """Bands with every edge spelled out (scoring.normalize_bands), for the script:
    [min, max, min included, max included, points]."""
    return [
        [str(b["min"]), str(b["max"]), b["min_inclusive"], b["max_inclusive"], str(b["points"])]
        for b in normalize_bands(bands)
    ]


def describe_input(self_input: object) -> str:
    """What the official entered, as they would say it: "95,5 %", "Done", "3 items"."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from indexes.form_fields import localized

    if not isinstance(self_input, dict) or not self_input:
        return ""
    kind, value = next(iter(self_input.items()))
    if kind == "level":
        return str(value)
    if kind in ("rate", "points"):
        try:
            number = localized(scoring.to_decimal(str(value)))
        except scoring.ScoringError:
            return str(value)
        return f"{number} %" if kind == "rate" else number
    if kind == "done":
        return _("Done") if value else _("Not done")
    if kind == "count":
        count = int(value)
        return ngettext("%(count)s item", "%(count)s items", count) % {"count": count}
    if kind == "counts" and isinstance(value, dict):
        counts = f"{value.get('numerator')} / {value.get('denominator')}"
        try:
            rate = counts_rate(value)
        except (scoring.ScoringError, KeyError):
            return counts
        if rate is None:
            return counts
        shown = localized(rate.quantize(scoring.TWO_PLACES, rounding=ROUND_HALF_UP))
        return f"{counts} = {shown} %"
    if kind == "inputs" and isinstance(value, dict):
        return "; ".join(f"{name} = {number}" for name, number in value.items())
    return str(value)
