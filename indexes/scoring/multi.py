"""Rules with several inputs: two counts and a rate, a formula over named inputs, and a
survey leaf composed of component indexes.

- `counts`: "hồ sơ giải quyết đúng hạn / tổng số hồ sơ". The official types both counts;
  the rate (exact, not rounded) is scored by bands or proportionally, with an optional
  floor below which it earns nothing, and `if_none` points when nothing was received.
- `formula`: points = an expression over named inputs, evaluated by simpleeval (never
  `eval`): arithmetic, comparisons, `min`, `max`, `abs`, `round`, `if … else`. Numbers
  are Decimal throughout; a division by zero is a problem for the person, not a crash.
- `composite`: the average, or the weighted mix, of component percentages (the five SIPAS
  components), times the leaf's max.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Any

import simpleeval

from indexes.scoring.amounts import _HUNDRED, _rule_number, to_decimal
from indexes.scoring.bands import band_points
from indexes.scoring.problems import RuleError, ScoringError, _WrongType

_ZERO = Decimal(0)
FUNCTIONS = {"min": min, "max": max, "abs": abs, "round": round}
NAME_PATTERN = "[a-z][a-z0-9_]{0,30}"


def count_value(value: object, name: str) -> Decimal:
    """A whole, non-negative count typed by an official."""
    try:
        number = to_decimal(value if isinstance(value, (int, str, Decimal)) else repr(value))
    except ScoringError as error:
        raise RuleError("not_a_number", {"value": str(value), "parameter": name}) from error
    if number != number.to_integral_value():
        raise RuleError("not_a_whole_number", {"value": number})
    if number < 0:
        raise RuleError("negative_count", {"value": number})
    return number


# --- counts ----------------------------------------------------------------------------


def score_counts(rule: Mapping[str, Any], value: object, maximum: Decimal) -> Decimal:
    if not isinstance(value, Mapping):
        raise _WrongType("not_counts", {"value": repr(value)})
    done = count_value(value.get("numerator"), "numerator")
    total = count_value(value.get("denominator"), "denominator")
    if done > total:
        raise RuleError("numerator_above_denominator", {"numerator": done, "denominator": total})
    if total == 0:
        return maximum if rule.get("if_none") is None else _rule_number(rule["if_none"])
    rate = done * _HUNDRED / total
    floor = rule.get("floor")
    if floor is not None and rate < _rule_number(floor):
        return _ZERO
    if rule.get("bands"):
        return band_points(rule["bands"], rate)
    return rate * maximum / _HUNDRED


def counts_rate(value: Mapping[str, Any]) -> Decimal | None:
    """The rate two counts give, for showing it beside the points (None without a total)."""
    done, total = (
        count_value(value["numerator"], "numerator"),
        count_value(value["denominator"], "denominator"),
    )
    return None if total == 0 else done * _HUNDRED / total


# --- formula ---------------------------------------------------------------------------


class _DecimalEval(simpleeval.SimpleEval):
    """simpleeval with every number a Decimal, so 0.1 + 0.2 is exactly 0.3, and without
    attributes, subscripts or strings: a formula is arithmetic over its inputs, nothing else."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        for node in (ast.Attribute, ast.Subscript, ast.JoinedStr, ast.FormattedValue):
            self.nodes.pop(node, None)

    @staticmethod
    def _eval_constant(node):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RuleError("formula_not_a_number", {"value": repr(value)})
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def formula_names(expression: str) -> set[str]:
    """The names an expression reads (functions aside); raises RuleError when unreadable."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as error:
        raise RuleError("formula_syntax", {"expression": expression}) from error
    called = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    return {
        node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id not in called
    } | {name for name in called if name not in FUNCTIONS}


def evaluate_formula(expression: str, inputs: Mapping[str, Decimal]) -> Decimal:
    evaluator = _DecimalEval(names=dict(inputs), functions=FUNCTIONS)
    try:
        result = evaluator.eval(expression)
    except (ZeroDivisionError, DivisionByZero) as error:
        raise RuleError("formula_division_by_zero", {"expression": expression}) from error
    except RuleError:
        raise
    except (simpleeval.InvalidExpression, InvalidOperation, TypeError, ValueError) as error:
        raise RuleError("formula_invalid", {"expression": expression}) from error
    if isinstance(result, bool) or not isinstance(result, (Decimal, int)):
        raise RuleError("formula_not_a_number", {"value": repr(result)})
    return Decimal(result)


def score_formula(rule: Mapping[str, Any], value: object, maximum: Decimal) -> Decimal:
    if not isinstance(value, Mapping):
        raise _WrongType("not_formula_inputs", {"value": repr(value)})
    inputs: dict[str, Decimal] = {}
    for item in rule["inputs"]:
        name = item["name"]
        if value.get(name) in (None, ""):
            raise RuleError("missing_input", {"input": item.get("label") or name})
        try:
            inputs[name] = to_decimal(str(value[name]))
        except ScoringError as error:
            raise RuleError("not_a_number", {"value": str(value[name])}) from error
    return evaluate_formula(rule["expression"], inputs)


# --- composite survey leaves -----------------------------------------------------------


def composite_weights(rule: Mapping[str, Any]) -> dict[str, Decimal]:
    components = rule["components"]
    if rule.get("combine", "average") == "average":
        return {component["code"]: Decimal(1) for component in components}
    return {component["code"]: _rule_number(component["weight"]) for component in components}


def score_composite(rule: Mapping[str, Any], value: object, maximum: Decimal) -> Decimal:
    if not isinstance(value, Mapping):
        raise _WrongType("not_components", {"value": repr(value)})
    weights = composite_weights(rule)
    total = weighted = _ZERO
    for code, weight in weights.items():
        raw = value.get(code)
        if raw in (None, ""):
            raise RuleError("missing_component", {"component": code})
        try:
            share = to_decimal(raw if isinstance(raw, (int, str, Decimal)) else repr(raw))
        except ScoringError as error:
            raise RuleError("not_a_number", {"value": str(raw)}) from error
        if not 0 <= share <= _HUNDRED:
            raise RuleError("share_out_of_range", {"option": code, "share": share})
        total += weight
        weighted += weight * share
    unknown = set(value) - set(weights)
    if unknown:
        raise RuleError("unknown_component", {"component": sorted(unknown)[0]})
    return maximum * weighted / (total * _HUNDRED)


# --- checking the rules ------------------------------------------------------------------

_Problems = list[ScoringError]


def validate_counts(rule: Mapping[str, Any], check: Any) -> _Problems:
    """`check` is rules.RuleCheck: it reads numbers and checks points within the leaf."""
    problems: _Problems = []
    for key in ("numerator", "denominator"):
        if not isinstance(rule.get(key), str) or not rule[key].strip():
            problems.append(RuleError("missing_parameter", {"parameter": key}))
    check.points(rule, "if_none", problems, required=False)
    floor = check.number(rule, "floor", problems, required=False)
    if floor is not None and not 0 <= floor <= _HUNDRED:
        problems.append(RuleError("floor_out_of_range", {"value": floor}))
    if rule.get("bands") is not None:
        problems += check.bands(rule)
    return problems


def validate_formula(rule: Mapping[str, Any], check: Any) -> _Problems:
    problems: _Problems = []
    inputs = rule.get("inputs")
    if not isinstance(inputs, list) or not inputs:
        return [RuleError("formula_inputs_empty")]
    names: set[str] = set()
    import re

    for index, item in enumerate(inputs):
        where = {"position": index + 1}
        name = item.get("name") if isinstance(item, Mapping) else None
        if not isinstance(name, str) or not re.fullmatch(NAME_PATTERN, name):
            problems.append(RuleError("formula_input_name", {**where, "name": str(name)}))
            continue
        if name in names or name in FUNCTIONS:
            problems.append(RuleError("formula_input_duplicate", {**where, "name": name}))
        names.add(name)
    expression = rule.get("expression")
    if not isinstance(expression, str) or not expression.strip():
        return [*problems, RuleError("missing_parameter", {"parameter": "expression"})]
    try:
        unknown = formula_names(expression) - names
    except RuleError as error:
        return [*problems, error]
    if unknown:
        problems.append(RuleError("formula_unknown_name", {"name": sorted(unknown)[0]}))
        return problems
    # Try it once with every input 1: a formula that cannot even compute then is broken.
    try:
        evaluate_formula(expression, dict.fromkeys(names, Decimal(1)))
    except RuleError as error:
        if error.code != "formula_division_by_zero":  # only some inputs divide by zero
            problems.append(error)
    return problems


def validate_composite(rule: Mapping[str, Any], check: Any) -> _Problems:
    problems: _Problems = []
    components = rule.get("components")
    if not isinstance(components, list) or not components:
        return [RuleError("components_empty")]
    combine = rule.get("combine", "average")
    if combine not in ("average", "weighted"):
        return [RuleError("unknown_combine", {"combine": str(combine)})]
    codes: set[str] = set()
    total = _ZERO
    for index, item in enumerate(components):
        where = {"position": index + 1}
        item = item if isinstance(item, Mapping) else {}
        code = item.get("code")
        if not isinstance(code, str) or not code.strip():
            problems.append(RuleError("component_code_empty", where))
        elif code in codes:
            problems.append(RuleError("component_code_duplicate", {**where, "component": code}))
        codes.add(str(code))
        if combine == "weighted":
            weight = check.number(item, "weight", problems, label=f"components[{index}].weight")
            if weight is not None:
                if not 0 < weight <= _HUNDRED:
                    problems.append(
                        RuleError("weight_out_of_range", {"option": code, "value": weight})
                    )
                total += weight
    if combine == "weighted" and not problems and total != _HUNDRED:
        problems.append(RuleError("weights_sum", {"total": total}))
    return problems
