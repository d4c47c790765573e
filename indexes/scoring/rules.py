"""Leaf scoring rules: validating a rule's parameters and scoring a value under it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from indexes.scoring import multi
from indexes.scoring.amounts import (
    _HUNDRED,
    _ZERO,
    TWO_PLACES,
    _exact,
    _more_than_two_places,
    _rule_number,
    to_decimal,
)
from indexes.scoring.bands import (
    BAND_KEYS,
    band_points,
    coverage_problems,
    is_legacy,
    normalize_bands,
)
from indexes.scoring.problems import RuleError, ScoringError, _WrongType

_Problems = list[ScoringError]


def points_out_of_range(label: str, value: Decimal, minimum: Decimal, maximum: Decimal):
    """The problem of points outside a leaf's range (from 0, or from a deduction's floor)."""
    params = {"parameter": label, "value": value, "max": maximum}
    if minimum == 0:
        return RuleError("points_out_of_range", params)
    return RuleError("points_out_of_signed_range", {**params, "min": minimum})


class RuleCheck:
    """Reading a rule's numbers and checking the points it awards fit the leaf, which
    scores from `minimum` (below 0 on a deduction leaf) to `maximum`."""

    def __init__(self, maximum: Decimal, minimum: Decimal = _ZERO) -> None:
        self.maximum, self.minimum = maximum, minimum

    def number(
        self,
        part: Mapping[str, Any],
        key: str,
        problems: _Problems,
        *,
        required: bool = True,
        label: str = "",
    ) -> Decimal | None:
        """part[key] as a Decimal, or None after noting why it is missing or unreadable."""
        label = label or key
        raw = part.get(key)
        if raw is None:
            if required:
                problems.append(RuleError("missing_parameter", {"parameter": label}))
            return None
        try:
            return _rule_number(raw)
        except ScoringError:
            problems.append(RuleError("not_a_number", {"parameter": label, "value": str(raw)}))
            return None

    def points(
        self,
        part: Mapping[str, Any],
        key: str,
        problems: _Problems,
        *,
        required: bool = True,
        label: str = "",
    ) -> Decimal | None:
        """A number of points the rule awards: within the leaf's range, two decimals."""
        label = label or key
        number = self.number(part, key, problems, required=required, label=label)
        if number is None:
            return None
        if not self.minimum <= number <= self.maximum:
            problems.append(points_out_of_range(label, number, self.minimum, self.maximum))
        if _more_than_two_places(number):
            problems.append(RuleError("too_many_decimals", {"parameter": label, "value": number}))
        return number

    def bands(self, rule: Mapping[str, Any]) -> _Problems:
        items = _items(rule, "bands")
        if items is None:
            return [RuleError("bands_empty")]
        problems: _Problems = []
        for index, band in enumerate(items):
            band = band if isinstance(band, Mapping) else {}  # then reported as missing parts
            unknown = set(band) - BAND_KEYS
            if unknown:
                params = {"position": index + 1, "key": sorted(map(str, unknown))[0]}
                problems.append(RuleError("band_unknown_key", params))
            self.points(band, "points", problems, label=f"bands[{index}].points")
            if not is_legacy(items):  # the older shape's minimums are checked below
                for key in ("min", "max"):
                    self.number(band, key, problems, required=False, label=f"bands[{index}].{key}")
            for key in ("min_inclusive", "max_inclusive"):
                if key in band and not isinstance(band[key], bool):
                    problems.append(RuleError("not_a_boolean", {"value": repr(band[key])}))
        if is_legacy(items):
            return problems + self._legacy_bands(items)
        return problems or coverage_problems(normalize_bands(items))

    def _legacy_bands(self, items: list[Any]) -> _Problems:
        """Descending minimums, the last at 0 %: each band reaches up to the one above."""
        problems: _Problems = []
        previous: Decimal | None = None
        low: Decimal | None = None
        for index, band in enumerate(items):
            where = {"index": index, "position": index + 1}
            band = band if isinstance(band, Mapping) else {}
            low = self.number(band, "min", problems, label=f"bands[{index}].min")
            if low is None:
                continue
            if not 0 <= low <= _HUNDRED:
                problems.append(RuleError("band_min_out_of_range", {**where, "min": low}))
            if previous is not None and low >= previous:
                params = {**where, "min": low, "previous": previous}
                problems.append(RuleError("band_order", params))
            previous = low
        if low is not None and low != 0:  # a rate below the last minimum would fall nowhere
            problems.append(RuleError("last_band_not_zero", {"min": low}))
        return problems


def _items(rule: Mapping[str, Any], key: str) -> list[Any] | None:
    items = rule.get(key)
    if isinstance(items, Sequence) and not isinstance(items, str) and items:
        return list(items)
    return None


def _validate_levels(rule: Mapping[str, Any], check: RuleCheck) -> _Problems:
    problems: _Problems = []
    levels = _items(rule, "levels")
    if levels is None:
        return [RuleError("levels_empty")]
    seen: set[str] = set()
    for index, level in enumerate(levels):
        where = {"index": index, "position": index + 1}
        level = level if isinstance(level, Mapping) else {}  # then reported as missing parts
        label = level.get("label")
        if not isinstance(label, str) or not label.strip():
            problems.append(RuleError("level_label_empty", where))
        elif label.strip() in seen:
            problems.append(RuleError("level_label_duplicate", {**where, "label": label}))
        seen.add(str(label).strip())
        check.points(level, "points", problems, label=f"levels[{index}].points")
    return problems


def _validate_boolean(rule: Mapping[str, Any], check: RuleCheck) -> _Problems:
    problems: _Problems = []
    check.points(rule, "true_points", problems, required=False)
    return problems


def _validate_count(rule: Mapping[str, Any], check: RuleCheck) -> _Problems:
    """Points per item, positive (or negative, per occurrence of a deduction), with a cap of
    the same sign: "−0,5 per violation, at most −2"."""
    problems: _Problems = []
    per_item = check.number(rule, "per_item", problems)
    deduction = check.maximum == 0 and check.minimum < 0
    if per_item is not None and not deduction and per_item <= 0:
        problems.append(RuleError("per_item_not_positive", {"value": per_item}))
    elif per_item is not None and deduction and per_item >= 0:
        problems.append(RuleError("per_item_not_negative", {"value": per_item}))
    elif per_item is not None and _more_than_two_places(per_item):
        problems.append(
            RuleError("too_many_decimals", {"parameter": "per_item", "value": per_item})
        )
    cap = check.number(rule, "cap", problems, required=False)
    if per_item is not None and cap is not None and cap * per_item < 0:
        problems.append(RuleError("cap_sign", {"cap": cap, "per_item": per_item}))
    elif cap is not None:
        check.points(rule, "cap", problems)
    return problems


def _validate_survey(rule: Mapping[str, Any], check: RuleCheck) -> _Problems:
    problems: _Problems = []
    weights = rule.get("weights")
    if not isinstance(weights, Mapping) or not weights:
        return [RuleError("weights_empty")]
    for option in weights:
        if not isinstance(option, str) or not option.strip():
            problems.append(RuleError("weight_option_empty"))
            continue
        weight = check.number(weights, option, problems, label=f"weights.{option}")
        if weight is not None and not 0 <= weight <= _HUNDRED:
            problems.append(RuleError("weight_out_of_range", {"option": option, "value": weight}))
    return problems


_Validator = Callable[[Mapping[str, Any], RuleCheck], _Problems]
_VALIDATORS: dict[str, _Validator] = {
    "levels": _validate_levels,
    "pct_bands": lambda rule, check: check.bands(rule),
    "proportional": lambda rule, check: [],  # points = rate × max: nothing to configure
    "boolean": _validate_boolean,
    "count": _validate_count,
    "survey_weighted": _validate_survey,
    "counts": multi.validate_counts,
    "formula": multi.validate_formula,
    "composite": multi.validate_composite,
}
RULE_TYPES = tuple(_VALIDATORS)
# The keys each type of rule reads: any other key is refused, so that a key a province
# wrote and the product would ignore ("weight", "max_pct") cannot pass unnoticed.
RULE_KEYS: dict[str, frozenset[str]] = {
    kind: frozenset({"type", *keys})
    for kind, keys in {
        "levels": {"levels"},
        "pct_bands": {"bands"},
        "proportional": set(),
        "boolean": {"true_points"},
        "count": {"per_item", "cap"},
        "survey_weighted": {"weights"},
        "counts": {"numerator", "denominator", "bands", "floor", "if_none"},
        "formula": {"inputs", "expression"},
        "composite": {"combine", "components"},
    }.items()
}


def validate_rule(
    rule: Mapping[str, Any], max_points: Decimal, min_points: Decimal = _ZERO
) -> list[ScoringError]:
    """Every problem of a rule dict (the YAML shape) for a leaf scoring from min_points to
    max_points; [] = usable."""
    maximum, minimum = _exact(max_points, "max_points"), _exact(min_points, "min_points")
    if not isinstance(rule, Mapping):
        return [RuleError("rule_not_mapping")]
    kind = rule.get("type")
    if kind is None or kind == "":
        return [RuleError("missing_parameter", {"parameter": "type"})]
    if not isinstance(kind, str) or kind not in _VALIDATORS:
        return [RuleError("unknown_type", {"type": str(kind)})]
    unknown = [
        RuleError("unknown_rule_key", {"key": str(key), "type": kind})
        for key in rule
        if key not in RULE_KEYS[kind]
    ]
    return unknown + _VALIDATORS[kind](rule, RuleCheck(maximum, minimum))


# --- scoring a value --------------------------------------------------------------------


def _value_number(value: object) -> Decimal:
    """A value to score as a Decimal, its problems re-raised as RuleError with the same code."""
    try:
        return to_decimal(value)  # type: ignore[arg-type]  # to_decimal checks the type
    except RuleError:
        raise
    except ScoringError as error:
        raise RuleError(error.code, error.params, error.message) from error


def _rate(value: object) -> Decimal:
    rate = _value_number(value)
    if not 0 <= rate <= _HUNDRED:
        raise RuleError("rate_out_of_range", {"rate": rate})
    return rate


def _score_levels(rule: Mapping[str, Any], value: object, maximum: Decimal) -> Decimal:
    levels = list(rule["levels"])
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise _WrongType("not_a_level", {"value": repr(value)})
    if isinstance(value, int):
        if not 0 <= value < len(levels):
            raise RuleError("unknown_level", {"value": value})
        return _rule_number(levels[value]["points"])
    for level in levels:
        if level["label"].strip() == value.strip():
            return _rule_number(level["points"])
    raise RuleError("unknown_level", {"value": value})


def _score_bands(rule: Mapping[str, Any], value: object, maximum: Decimal) -> Decimal:
    return band_points(rule["bands"], _rate(value))


def _score_proportional(rule: Mapping[str, Any], value: object, maximum: Decimal) -> Decimal:
    return _rate(value) * maximum / _HUNDRED


def _score_boolean(rule: Mapping[str, Any], value: object, maximum: Decimal) -> Decimal:
    if not isinstance(value, bool):
        raise _WrongType("not_a_boolean", {"value": repr(value)})
    if not value:
        return _ZERO
    raw = rule.get("true_points")
    return maximum if raw is None else _rule_number(raw)


def _score_count(rule: Mapping[str, Any], value: object, maximum: Decimal) -> Decimal:
    count = _value_number(value)
    if count != count.to_integral_value():
        raise RuleError("not_a_whole_number", {"value": count})
    if count < 0:
        raise RuleError("negative_count", {"value": count})
    per_item = _rule_number(rule["per_item"])
    points = count * per_item
    if rule.get("cap") is None:
        return points  # evaluate_rule keeps it within the leaf's range
    cap = _rule_number(rule["cap"])
    return min(points, cap) if per_item > 0 else max(points, cap)


def _score_survey(rule: Mapping[str, Any], value: object, maximum: Decimal) -> Decimal:
    if not isinstance(value, Mapping):
        raise _WrongType("not_survey_shares", {"value": repr(value)})
    weights = {option: _rule_number(weight) for option, weight in rule["weights"].items()}
    total = weighted = Decimal(0)
    for option, raw in value.items():
        if option not in weights:
            raise RuleError("unknown_option", {"option": option})
        share = _value_number(raw)
        if not 0 <= share <= _HUNDRED:
            raise RuleError("share_out_of_range", {"option": option, "share": share})
        total += share
        weighted += share * weights[option]
    if total != _HUNDRED:  # options nobody chose may be left out, but not a share of answers
        raise RuleError("shares_sum", {"total": total})
    return maximum * weighted / (_HUNDRED * _HUNDRED)


_Scorer = Callable[[Mapping[str, Any], object, Decimal], Decimal]
_SCORERS: dict[str, _Scorer] = {
    "levels": _score_levels,
    "pct_bands": _score_bands,
    "proportional": _score_proportional,
    "boolean": _score_boolean,
    "count": _score_count,
    "survey_weighted": _score_survey,
    "counts": multi.score_counts,
    "formula": multi.score_formula,
    "composite": multi.score_composite,
}


def evaluate_rule(
    rule: Mapping[str, Any], value: object, max_points: Decimal, min_points: Decimal = _ZERO
) -> Decimal:
    """The points a value earns under a rule: two places, ROUND_HALF_UP (away from zero),
    within [min, max] — a deduction leaf scores from its (negative) cap up to 0."""
    maximum, minimum = _exact(max_points, "max_points"), _exact(min_points, "min_points")
    if maximum < 0 or _more_than_two_places(maximum):
        raise RuleError("bad_max_points", {"value": maximum})
    if minimum > 0 or _more_than_two_places(minimum):
        raise RuleError("bad_min_points", {"value": minimum})
    problems = validate_rule(rule, maximum, minimum)
    if problems:
        raise problems[0]
    # A rule's "full points" are the leaf's max, or on a deduction leaf (max 0) its floor:
    # "done" on a deduction costs the whole cap, a rate costs its share of it.
    full = maximum if maximum > 0 else minimum
    points = _SCORERS[rule["type"]](rule, value, full)
    # Both ends have two places, so rounding a value within them cannot leave them.
    points = max(minimum, min(points, maximum)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return points if points else _ZERO  # turns Decimal("-0.00") into a plain 0.00
