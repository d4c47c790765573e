"""User-facing text for the problems that `indexes.scoring` reports by code.

indexes.scoring stays free of Django, so it names each problem with a code and parameters;
this module turns them into a sentence in the active language. Placeholders use
str.format names, as the English fallbacks in indexes/scoring/problems.py do.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from indexes.form_fields import localized
from indexes.rule_words import attainable_text
from indexes.scoring import Attainable, ScoringError

PROBLEM_TEXTS = {
    "empty_tree": _("The set has no criteria."),
    "parent_has_method": _("{code}: a node with children cannot have a method."),
    "leaf_without_method": _("{code}: a leaf needs a method (appraisal, survey or other)."),
    "not_a_number": _('"{value}" is not a number.'),
    "rule_not_mapping": _("The scoring rule is not a set of parameters."),
    "missing_parameter": _('The rule needs "{parameter}".'),
    "unknown_type": _('Unknown rule type "{type}".'),
    "unknown_rule_key": _("A {type} rule has no key “{key}”."),
    "points_out_of_range": _("{parameter}: {value} is outside 0 to {max} points."),
    "points_below_floor": _("{parameter}: {value} is outside {min} to {max} points."),
    "points_out_of_signed_range": _("{parameter}: {value} is outside {min} to {max} points."),
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
    "min_sum_mismatch": _(
        "{code}: the floor is {actual}; its children's floors add up to {expected}."
    ),
    "unknown_kind": _('{code}: unknown kind of node "{kind}".'),
    "kind_under_other_kind": _("{code}: a {kind} node cannot sit under a {parent_kind} node."),
    "deduction_range": _(
        "{code}: a deduction node has max 0 and a floor below 0, not {min} to {max}."
    ),
    "min_only_on_deductions": _("{code}: only deduction nodes have a floor below 0."),
    "bad_min_points": _("Min points {value} must be 0 or less with at most two decimals."),
    "per_item_not_negative": _("A deduction takes points: per item must be below 0, not {value}."),
    "cap_sign": _("The cap {cap} must have the sign of the points per item ({per_item})."),
    "band_unknown_key": _('Band {position}: unknown key "{key}".'),
    "band_bound_out_of_range": _("Band {position}: bounds {min} to {max} % are outside 0 to 100."),
    "band_empty": _("Band {position}: from {min} % to {max} % holds no rate."),
    "bands_gap": _("No band covers the rates from {from} % to {to} %."),
    "bands_overlap": _("Two bands both cover {at} %."),
    "rate_in_no_band": _("The rate {rate} % falls in no band."),
    "not_counts": _("Give the two counts: done and in all."),
    "numerator_above_denominator": _("{numerator} done is more than the {denominator} in all."),
    "floor_out_of_range": _("The floor {value} % is outside 0 to 100."),
    "formula_inputs_empty": _("The formula needs at least one named input."),
    "formula_input_name": _(
        'Input {position}: "{name}" is not a name (a-z, 0-9, _; a letter first).'
    ),
    "formula_input_duplicate": _('Input {position}: the name "{name}" is used twice.'),
    "formula_syntax": _('The formula "{expression}" cannot be read.'),
    "formula_unknown_name": _('The formula uses "{name}", which is not one of its inputs.'),
    "formula_division_by_zero": _("The formula divides by zero with these values."),
    "formula_invalid": _('The formula "{expression}" cannot be computed.'),
    "formula_not_a_number": _("The formula gives {value}, not a number."),
    "not_formula_inputs": _("Give a value for each input of the formula."),
    "missing_input": _('The formula needs a value for "{input}".'),
    "components_empty": _("The rule needs at least one component."),
    "unknown_combine": _('Combine the components by "average" or "weighted", not "{combine}".'),
    "component_code_empty": _("Component {position} has no code."),
    "component_code_duplicate": _('Component {position} repeats the code "{component}".'),
    "weights_sum": _("The weights add up to {total} %, not 100 %."),
    "not_components": _("Give the percentage of each component."),
    "missing_component": _('The component "{component}" has no percentage.'),
    "unknown_component": _('The rule has no component "{component}".'),
    "points_not_attainable": _(
        "{value} points is not a score the leaf's rule gives; the rule gives {allowed}."
    ),
}


def describe_problem(problem: ScoringError) -> str:
    """The problem in the active language; a rule problem on a node is prefixed by its code.
    Numbers read as the language writes them ("0,5" in Vietnamese)."""
    template = PROBLEM_TEXTS.get(problem.code)
    params = {key: _shown(value) for key, value in problem.params.items()}
    try:
        text = str(template).format(**params) if template else problem.message
    except (KeyError, IndexError, ValueError):
        text = problem.message
    node = problem.params.get("code")
    if node and not text.startswith(f"{node}:"):
        text = f"{node}: {text}"
    return text


def _shown(value: object) -> object:
    if isinstance(value, Decimal):
        return localized(value)
    if isinstance(value, Attainable):
        return attainable_text(value)  # "1; 0,5 hoặc 0", "từ 2 đến 4"
    return value
