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
