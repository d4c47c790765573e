"""Problems the arithmetic reports: a machine code, its parameters, an English fallback.

The Django layer (indexes/messages.py) turns the code into translated text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_MESSAGES = {
    "not_a_number": '"{value}" is not a number',
    "rule_not_mapping": "The scoring rule is not a set of parameters",
    "missing_parameter": 'The rule needs "{parameter}"',
    "unknown_type": 'Unknown rule type "{type}"',
    "unknown_rule_key": 'A {type} rule has no key "{key}"',
    "points_out_of_range": "{parameter}: {value} is outside 0 to {max} points",
    "points_out_of_signed_range": "{parameter}: {value} is outside {min} to {max} points",
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
    "min_sum_mismatch": "{code}: the floor is {actual}; its children's floors add up to {expected}",
    "unknown_kind": '{code}: unknown kind of node "{kind}"',
    "kind_under_other_kind": "{code}: a {kind} node cannot sit under a {parent_kind} node",
    "deduction_range": "{code}: a deduction node has max 0 and a floor below 0, not {min} to {max}",
    "min_only_on_deductions": "{code}: only deduction nodes have a floor below 0",
    "bad_min_points": "Min points {value} must be 0 or less with at most two decimals",
    "per_item_not_negative": "A deduction takes points: per item must be below 0, not {value}",
    "cap_sign": "The cap {cap} must have the sign of the points per item ({per_item})",
    "band_unknown_key": 'Band {position}: unknown key "{key}"',
    "band_bound_out_of_range": "Band {position}: bounds {min} to {max} % are outside 0 to 100",
    "band_empty": "Band {position}: from {min} % to {max} % holds no rate",
    "bands_gap": "No band covers the rates from {from} % to {to} %",
    "bands_overlap": "Two bands both cover {at} %",
    "rate_in_no_band": "The rate {rate} % falls in no band",
    "not_counts": "Give the two counts: done and in all",
    "numerator_above_denominator": "{numerator} done is more than the {denominator} in all",
    "floor_out_of_range": "The floor {value} % is outside 0 to 100",
    "formula_inputs_empty": "The formula needs at least one named input",
    "formula_input_name": 'Input {position}: "{name}" is not a name (a-z, 0-9, _; a letter first)',
    "formula_input_duplicate": 'Input {position}: the name "{name}" is used twice',
    "formula_syntax": 'The formula "{expression}" cannot be read',
    "formula_unknown_name": 'The formula uses "{name}", which is not one of its inputs',
    "formula_division_by_zero": "The formula divides by zero with these values",
    "formula_invalid": 'The formula "{expression}" cannot be computed',
    "formula_not_a_number": "The formula gives {value}, not a number",
    "not_formula_inputs": "Give a value for each input of the formula",
    "missing_input": 'The formula needs a value for "{input}"',
    "components_empty": "The rule needs at least one component",
    "unknown_combine": 'Combine the components by "average" or "weighted", not "{combine}"',
    "component_code_empty": "Component {position} has no code",
    "component_code_duplicate": 'Component {position} repeats the code "{component}"',
    "weights_sum": "The weights add up to {total} %, not 100 %",
    "not_components": "Give the percentage of each component",
    "missing_component": 'The component "{component}" has no percentage',
    "unknown_component": 'The rule has no component "{component}"',
    "points_not_attainable": "{value} points is not a score the leaf's rule gives",
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
