"""The arithmetic of the PAR index: leaf rules, roll-ups, targets, classification, ranking.

Pure Python (no Django, no ORM) so that importers, exports and tests share one definition.
Every number is a Decimal: points are published with two decimals, and a float would turn
0.1 + 0.2 into 0.30000000000000004 and a unit's 95 % into 94.99 %.

Problems carry a machine `code` and `params` (e.g. code="band_order", params={"index": 2});
the Django layer (indexes/messages.py) turns the code into translated text, and `message`
is only the English fallback. Indexes in params are 0-based; "position" is the 1-based
number a person would say.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

METHODS = ("appraisal", "survey", "other")
RULE_TYPES = ("levels", "pct_bands", "proportional", "boolean", "count", "survey_weighted")
TWO_PLACES = Decimal("0.01")
_ZERO = Decimal("0.00")
_HUNDRED = Decimal(100)

_MESSAGES = {
    "not_a_number": '"{value}" is not a number',
    "rule_not_mapping": "The scoring rule is not a set of parameters",
    "missing_parameter": 'The rule needs "{parameter}"',
    "unknown_type": 'Unknown rule type "{type}"',
    "points_out_of_range": "{parameter}: {value} is outside 0 to {max} points",
    "too_many_decimals": "{parameter}: {value} has more than two decimals",
    "levels_empty": "The rule needs at least one level",
    "level_label_empty": "Level {position} has no label",
    "level_label_duplicate": 'Level {position} repeats the label "{label}"',
    "bands_empty": "The rule needs at least one band",
    "band_min_out_of_range": "Band {position}: minimum {min} % is outside 0 to 100",
    "band_order": "Band {position}: minimum {min} % must be below the previous band's {previous} %",
    "last_band_not_zero": "The last band starts at {min} %; it must start at 0 % (every rate)",
    "per_item_not_positive": "Points per item must be above 0, not {value}",
    "weights_empty": "The rule needs a weight for each answer option",
    "weight_option_empty": "An answer option has no name",
    "weight_out_of_range": 'Option "{option}": weight {value} % is outside 0 to 100',
    "bad_max_points": "Max points {value} must be 0 or more with at most two decimals",
    "unknown_level": '"{value}" is not one of the levels',
    "not_a_level": "{value} is neither a level label nor a level number",
    "rate_out_of_range": "The rate {rate} % is outside 0 to 100",
    "not_a_boolean": "{value} is neither yes nor no",
    "not_a_whole_number": "{value} is not a whole number of items",
    "negative_count": "The number of items cannot be negative ({value})",
    "not_survey_shares": "Survey results must give a share for each answer option",
    "unknown_option": 'The survey has no answer option "{option}"',
    "share_out_of_range": 'Option "{option}": share {share} % is outside 0 to 100',
    "shares_sum": "The answer shares add up to {total} %, not 100 %",
    "unknown_method": '{code}: unknown method "{method}"',
    "target_out_of_range": "Target for {method}: {value} % is outside 0 to 100",
    "duplicate_code": "{code}: the code is used more than once",
    "unknown_parent": "{code}: its parent {parent} does not exist",
    "code_not_under_parent": "{code}: the code must be {parent} followed by one more part",
    "root_code_dotted": '{code}: a field code cannot contain "."',
    "too_deep": "{code}: depth {depth} is more than the {max_depth} levels allowed",
    "negative_max": "{code}: max points {value} cannot be negative",
    "sum_mismatch": "{code}: max points are {actual} but its children add up to {expected}",
}


class ScoringError(ValueError):
    """A problem with a machine code, its parameters and an English fallback message."""

    def __init__(
        self, code: str, params: Mapping[str, Any] | None = None, message: str | None = None
    ) -> None:
        self.code = code
        self.params: dict[str, Any] = dict(params or {})
        self.message = message if message is not None else _english(code, self.params)
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, params={self.params!r})"


class RuleError(ScoringError):
    """A problem with a scoring rule or with the value a rule is asked to score."""


class _WrongType(RuleError, TypeError):
    """A float or bool where a number belongs is a caller's mistake (TypeError) and, for code
    that reports problems to people, still a problem with a code: this is both."""


def _english(code: str, params: Mapping[str, Any]) -> str:
    try:
        return _MESSAGES[code].format(**params)
    except (KeyError, IndexError):
        return f"{code}: {params}"


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


# --- validating a rule --------------------------------------------------------------------

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


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeafResult:
    code: str
    field_code: str
    method: str
    max_points: Decimal
    points: Decimal | None  # None = not scored yet: 0 points, but its max still counts
    applicable: bool = True  # not applicable = out of both points and max

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ScoringError("unknown_method", {"code": self.code, "method": self.method})
        _exact_fields(self, "max_points", "points")
        code, points, maximum = self.code, self.points, self.max_points
        if maximum < 0:
            raise ScoringError("negative_max", {"code": code, "value": maximum})
        if points is not None and not 0 <= points <= maximum:  # never publish above 100 %
            params = {"code": code, "parameter": "points", "value": points, "max": maximum}
            raise ScoringError("points_out_of_range", params)


def percent(points: Decimal, max_points: Decimal) -> Decimal | None:
    """Percent of max, two places ROUND_HALF_UP; None when nothing applies (max 0)."""
    done, maximum = _exact(points, "points"), _exact(max_points, "max_points")
    if maximum == 0:
        return None
    # The 28-digit quotient is far more precise than two places: no double-rounding risk
    # for point totals of this size.
    return (done * _HUNDRED / maximum).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Totals:
    points: Decimal
    max_points: Decimal

    def __post_init__(self) -> None:
        _exact_fields(self, "points", "max_points")

    @property
    def pct(self) -> Decimal | None:
        return percent(self.points, self.max_points)

    def meets(self, target_pct: Decimal) -> bool | None:
        """Compares exactly: 94.996 % is not 95 %, even though it displays as 95.00 %."""
        target = _exact(target_pct, "target_pct")
        if self.max_points == 0:
            return None
        return self.points * _HUNDRED >= target * self.max_points


@dataclass(frozen=True)
class Rollup:
    total: Totals
    by_field: dict[str, Totals]  # order fields first appear; a field with nothing applicable is 0/0
    by_method: dict[str, Totals]  # in METHODS order, only methods with applicable leaves


def _plus(totals: Totals, points: Decimal, max_points: Decimal) -> Totals:
    return Totals(totals.points + points, totals.max_points + max_points)


def rollup(leaves: Iterable[LeafResult]) -> Rollup:
    """Points and max per field, per method and overall, over applicable leaves only."""
    total = Totals(_ZERO, _ZERO)
    by_field: dict[str, Totals] = {}
    by_method: dict[str, Totals] = {}
    for leaf in leaves:
        field = by_field.setdefault(leaf.field_code, Totals(_ZERO, _ZERO))
        if not leaf.applicable:
            continue
        points = _ZERO if leaf.points is None else leaf.points
        by_field[leaf.field_code] = _plus(field, points, leaf.max_points)
        method = by_method.get(leaf.method, Totals(_ZERO, _ZERO))
        by_method[leaf.method] = _plus(method, points, leaf.max_points)
        total = _plus(total, points, leaf.max_points)
    ordered = {method: by_method[method] for method in METHODS if method in by_method}
    return Rollup(total=total, by_field=by_field, by_method=ordered)


@dataclass(frozen=True)
class TargetResult:
    method: str
    target_pct: Decimal
    actual_pct: Decimal | None
    met: bool | None  # None when the unit has no applicable leaves of that method
    missing_points: Decimal  # points lacking to reach the target, rounded up to 0.01


def check_targets(
    by_method: Mapping[str, Totals], targets: Mapping[str, Decimal]
) -> dict[str, TargetResult]:
    """Each targeted method's result against its target percent (e.g. 100 / 95 / 90)."""
    results: dict[str, TargetResult] = {}
    for method, raw_target in targets.items():
        target = _exact(raw_target, "target_pct")
        if not 0 <= target <= _HUNDRED:
            raise ScoringError("target_out_of_range", {"method": method, "value": target})
        totals = by_method.get(method)
        met = None if totals is None else totals.meets(target)
        if totals is None or met is None:
            results[method] = TargetResult(method, target, None, None, _ZERO)
            continue
        lacking = target * totals.max_points / _HUNDRED - totals.points
        # Rounded up: entering the displayed amount must be enough to reach the target.
        missing = _ZERO if met else lacking.quantize(TWO_PLACES, rounding=ROUND_CEILING)
        results[method] = TargetResult(method, target, totals.pct, met, missing)
    return results


def all_targets_met(results: Mapping[str, TargetResult]) -> bool:
    """True when no target with something to measure is missed (methods absent don't count)."""
    return all(result.met for result in results.values() if result.met is not None)


@dataclass(frozen=True)
class Threshold:
    code: str
    label: str
    min_pct: Decimal

    def __post_init__(self) -> None:
        _exact_fields(self, "min_pct")


def classify(pct: Decimal | None, thresholds: Sequence[Threshold]) -> Threshold | None:
    """The highest threshold the percent reaches (pct >= min_pct), in any order given."""
    if pct is None:
        return None
    value = _exact(pct, "pct")
    reached = [threshold for threshold in thresholds if value >= threshold.min_pct]
    return max(reached, key=lambda threshold: threshold.min_pct, default=None)


K = TypeVar("K", bound=Hashable)


def rank(values: Mapping[K, Decimal | None]) -> dict[K, int | None]:
    """Competition ranking, highest first (90, 85, 85, 80 -> 1, 2, 2, 4); None is unranked.

    Pass the values as published (two places) so that units shown equal rank equal.
    """
    numbers = {key: _exact(value, "value") for key, value in values.items() if value is not None}
    first_place: dict[Decimal, int] = {}
    for place, number in enumerate(sorted(numbers.values(), reverse=True), start=1):
        first_place.setdefault(number, place)
    return {key: first_place[numbers[key]] if key in numbers else None for key in values}


# --- the criteria tree --------------------------------------------------------------------


@dataclass(frozen=True)
class TreeNode:
    code: str
    parent_code: str | None
    max_points: Decimal

    def __post_init__(self) -> None:
        _exact_fields(self, "max_points")


def _depth(node: TreeNode, by_code: Mapping[str, TreeNode], limit: int) -> int:
    """Levels from the field down to node (a field is 1). Parents that loop (only possible
    with codes that break the dotted rule) stop just past limit, so they read as too deep."""
    depth, current = 1, node
    while (parent := current.parent_code) is not None and parent in by_code:
        if depth > limit:
            break
        current = by_code[parent]
        depth += 1
    return depth


def _code_problem(node: TreeNode, by_code: Mapping[str, TreeNode]) -> ScoringError | None:
    code, parent = node.code, node.parent_code
    if parent is None:
        return ScoringError("root_code_dotted", {"code": code}) if "." in code else None
    if parent not in by_code:
        return ScoringError("unknown_parent", {"code": code, "parent": parent})
    rest = code.removeprefix(parent + ".")
    if rest == code or not rest or "." in rest:  # 3.3.1 belongs under 3.3, not under 3
        return ScoringError("code_not_under_parent", {"code": code, "parent": parent})
    return None


def check_tree(nodes: Sequence[TreeNode], *, max_depth: int = 3) -> list[ScoringError]:
    """Every structural problem of a criteria tree, in node order, each naming its node."""
    by_code: dict[str, TreeNode] = {}
    for node in nodes:
        by_code.setdefault(node.code, node)
    children: defaultdict[str, list[TreeNode]] = defaultdict(list)
    for node in by_code.values():
        if node.parent_code is not None:
            children[node.parent_code].append(node)

    problems: list[ScoringError] = []
    seen: set[str] = set()
    for node in nodes:
        code = node.code
        if code in seen:
            problems.append(ScoringError("duplicate_code", {"code": code}))
            continue
        seen.add(code)
        if node.max_points < 0:
            problems.append(ScoringError("negative_max", {"code": code, "value": node.max_points}))
        if _more_than_two_places(node.max_points):
            params = {"code": code, "parameter": "max_points", "value": node.max_points}
            problems.append(ScoringError("too_many_decimals", params))
        code_problem = _code_problem(node, by_code)
        if code_problem is not None:
            problems.append(code_problem)
        depth = _depth(node, by_code, limit=len(by_code) + max_depth)
        if depth > max_depth:
            params = {"code": code, "depth": depth, "max_depth": max_depth}
            problems.append(ScoringError("too_deep", params))
        if children[code]:
            expected = sum((child.max_points for child in children[code]), Decimal(0))
            if expected != node.max_points:
                params = {"code": code, "expected": expected, "actual": node.max_points}
                problems.append(ScoringError("sum_mismatch", params))
    return problems
