"""User-facing text for the problems that `indexes.scoring` reports by code.

indexes.scoring stays free of Django, so it names each problem with a code and parameters;
this module turns them into a sentence in the active language. Placeholders use
str.format names, as the English fallbacks in indexes/scoring/problems.py do.
"""

from django.utils.translation import gettext_lazy as _

from indexes.scoring import ScoringError

PROBLEM_TEXTS = {
    "empty_tree": _("The set has no criteria."),
    "parent_has_method": _("{code}: a node with children cannot have a method."),
    "leaf_without_method": _("{code}: a leaf needs a method (appraisal, survey or other)."),
    "not_a_number": _('"{value}" is not a number.'),
    "rule_not_mapping": _("The scoring rule is not a set of parameters."),
    "missing_parameter": _('The rule needs "{parameter}".'),
    "unknown_type": _('Unknown rule type "{type}".'),
    "points_out_of_range": _("{parameter}: {value} is outside 0 to {max} points."),
    "too_many_decimals": _("{parameter}: {value} has more than two decimals."),
    "levels_empty": _("The rule needs at least one level."),
    "level_not_mapping": _("Level {position} is not a label with points."),
    "level_label_empty": _("Level {position} has no label."),
    "level_label_duplicate": _('Level {position} repeats the label "{label}".'),
    "bands_empty": _("The rule needs at least one band."),
    "band_not_mapping": _("Band {position} is not a minimum with points."),
    "band_min_out_of_range": _("Band {position}: minimum {min} % is outside 0 to 100."),
    "band_order": _(
        "Band {position}: minimum {min} % must be below the previous band's {previous} %."
    ),
    "last_band_not_zero": _(
        "The last band starts at {min} %; it must start at 0 % to cover every rate."
    ),
    "per_item_not_positive": _("Points per item must be above 0, not {value}."),
    "weights_empty": _("The rule needs a weight for each answer option."),
    "weight_option_empty": _("An answer option has no name."),
    "weight_out_of_range": _('Option "{option}": weight {value} % is outside 0 to 100.'),
    "bad_max_points": _("Max points {value} must be 0 or more with at most two decimals."),
    "unknown_level": _('"{value}" is not one of the levels.'),
    "not_a_level": _("{value} is neither a level label nor a level number."),
    "rate_out_of_range": _("The rate {rate} % is outside 0 to 100."),
    "not_a_boolean": _("{value} is neither yes nor no."),
    "not_a_whole_number": _("{value} is not a whole number of items."),
    "negative_count": _("The number of items cannot be negative ({value})."),
    "not_survey_shares": _("Survey results must give a share for each answer option."),
    "unknown_option": _('The survey has no answer option "{option}".'),
    "share_out_of_range": _('Option "{option}": share {share} % is outside 0 to 100.'),
    "shares_sum": _("The answer shares add up to {total} %, not 100 %."),
    "unknown_method": _('{code}: unknown method "{method}".'),
    "target_out_of_range": _("Target for {method}: {value} % is outside 0 to 100."),
    "duplicate_code": _("{code}: the code is used more than once."),
    "unknown_parent": _("{code}: its parent {parent} does not exist."),
    "code_not_under_parent": _("{code}: the code must be {parent} followed by one more part."),
    "root_code_dotted": _('{code}: a field code cannot contain ".".'),
    "empty_code": _("A node has no code."),
    "parent_cycle": _("{code}: its parents loop back to it."),
    "too_deep": _("{code}: depth {depth} is more than the {max_depth} levels allowed."),
    "negative_max": _("{code}: max points {value} cannot be negative."),
    "sum_mismatch": _("{code}: max points are {actual} but its children add up to {expected}."),
}


def describe_problem(problem: ScoringError) -> str:
    """The problem in the active language; a rule problem on a node is prefixed by its code."""
    template = PROBLEM_TEXTS.get(problem.code)
    try:
        text = str(template).format(**problem.params) if template else problem.message
    except (KeyError, IndexError, ValueError):
        text = problem.message
    node = problem.params.get("code")
    if node and not text.startswith(f"{node}:"):
        text = f"{node}: {text}"
    return text
