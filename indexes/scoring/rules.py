"""Leaf scoring rules: validating a rule's parameters and scoring a value under it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from indexes.scoring.amounts import (
    _HUNDRED,
    _ZERO,
    TWO_PLACES,
    _exact,
    _more_than_two_places,
    _rule_number,
    to_decimal,
)
from indexes.scoring.problems import RuleError, ScoringError, _WrongType

RULE_TYPES = ("levels", "pct_bands", "proportional", "boolean", "count", "survey_weighted")

_Problems = list[ScoringError]


def _number(
    part: Mapping[str, Any], key: str, label: str, problems: _Problems, *, required: bool = True
) -> Decimal | None:
    """part[key] as a Decimal, or None after noting why it is missing or unreadable."""
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


def _check_points(
    number: Decimal | None, label: str, maximum: Decimal, problems: _Problems
) -> None:
    """Points a rule awards must fit the leaf and be publishable with two decimals."""
    if number is None:
        return
    if not 0 <= number <= maximum:
        params = {"parameter": label, "value": number, "max": maximum}
        problems.append(RuleError("points_out_of_range", params))
    if _more_than_two_places(number):
        problems.append(RuleError("too_many_decimals", {"parameter": label, "value": number}))


def _items(rule: Mapping[str, Any], key: str) -> list[Any] | None:
    items = rule.get(key)
    if isinstance(items, Sequence) and not isinstance(items, str) and items:
        return list(items)
    return None


def _validate_levels(rule: Mapping[str, Any], maximum: Decimal) -> _Problems:
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
        points = _number(level, "points", f"levels[{index}].points", problems)
        _check_points(points, f"levels[{index}].points", maximum, problems)
    return problems


def _validate_bands(rule: Mapping[str, Any], maximum: Decimal) -> _Problems:
    problems: _Problems = []
    bands = _items(rule, "bands")
    if bands is None:
        return [RuleError("bands_empty")]
    previous: Decimal | None = None
    low: Decimal | None = None
    for index, band in enumerate(bands):
        where = {"index": index, "position": index + 1}
        band = band if isinstance(band, Mapping) else {}  # then reported as missing parts
        points = _number(band, "points", f"bands[{index}].points", problems)
        _check_points(points, f"bands[{index}].points", maximum, problems)
        low = _number(band, "min", f"bands[{index}].min", problems)
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


def _validate_boolean(rule: Mapping[str, Any], maximum: Decimal) -> _Problems:
    problems: _Problems = []
    points = _number(rule, "true_points", "true_points", problems, required=False)
    _check_points(points, "true_points", maximum, problems)
    return problems


def _validate_count(rule: Mapping[str, Any], maximum: Decimal) -> _Problems:
    problems: _Problems = []
    per_item = _number(rule, "per_item", "per_item", problems)
    if per_item is not None and per_item <= 0:
        problems.append(RuleError("per_item_not_positive", {"value": per_item}))
    elif per_item is not None and _more_than_two_places(per_item):
        problems.append(
            RuleError("too_many_decimals", {"parameter": "per_item", "value": per_item})
        )
    cap = _number(rule, "cap", "cap", problems, required=False)
    _check_points(cap, "cap", maximum, problems)
    return problems


def _validate_survey(rule: Mapping[str, Any], maximum: Decimal) -> _Problems:
    problems: _Problems = []
    weights = rule.get("weights")
    if not isinstance(weights, Mapping) or not weights:
        return [RuleError("weights_empty")]
    for option in weights:
        if not isinstance(option, str) or not option.strip():
            problems.append(RuleError("weight_option_empty"))
            continue
        weight = _number(weights, option, f"weights.{option}", problems)
        if weight is not None and not 0 <= weight <= _HUNDRED:
            problems.append(RuleError("weight_out_of_range", {"option": option, "value": weight}))
    return problems


_Validator = Callable[[Mapping[str, Any], Decimal], _Problems]
_VALIDATORS: dict[str, _Validator] = {
    "levels": _validate_levels,
    "pct_bands": _validate_bands,
    "proportional": lambda rule, maximum: [],  # points = rate × max: nothing to configure
    "boolean": _validate_boolean,
    "count": _validate_count,
    "survey_weighted": _validate_survey,
}


def validate_rule(rule: Mapping[str, Any], max_points: Decimal) -> list[ScoringError]:
    """Every problem of a rule dict (the YAML shape) for a leaf worth max_points; [] = usable."""
    maximum = _exact(max_points, "max_points")
    if not isinstance(rule, Mapping):
        return [RuleError("rule_not_mapping")]
    kind = rule.get("type")
    if kind is None or kind == "":
        return [RuleError("missing_parameter", {"parameter": "type"})]
    if not isinstance(kind, str) or kind not in _VALIDATORS:
        return [RuleError("unknown_type", {"type": str(kind)})]
    return _VALIDATORS[kind](rule, maximum)


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
    rate = _rate(value)
    for band in rule["bands"]:  # validated: strictly descending, the last from 0
        if rate >= _rule_number(band["min"]):
            return _rule_number(band["points"])
    return _ZERO


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
    cap = maximum if rule.get("cap") is None else _rule_number(rule["cap"])
    return min(count * _rule_number(rule["per_item"]), cap)


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
}


def evaluate_rule(rule: Mapping[str, Any], value: object, max_points: Decimal) -> Decimal:
    """The points a value earns under a rule: two places, ROUND_HALF_UP, within [0, max]."""
    maximum = _exact(max_points, "max_points")
    if maximum < 0 or _more_than_two_places(maximum):
        raise RuleError("bad_max_points", {"value": maximum})
    problems = validate_rule(rule, maximum)
    if problems:
        raise problems[0]
    points = _SCORERS[rule["type"]](rule, value, maximum)
    if points <= 0:
        return _ZERO  # also turns Decimal("-0") into a plain 0.00
    # max has two places, so rounding a value at or below it cannot climb above it.
    return min(points, maximum).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
