"""User-facing text for the problems that `scoring.py` reports by code.

scoring.py stays free of Django, so it names each problem with a code and parameters;
this module turns them into a sentence in the active language.
"""

from django.utils.translation import gettext_lazy as _

from indexes.scoring import ScoringError

PROBLEM_TEXTS = {
    "empty_tree": _("The set has no criteria."),
    "parent_has_method": _("%(code)s: a node with children cannot have a method."),
    "leaf_without_method": _("%(code)s: a leaf needs a method (appraisal, survey or other)."),
    "sum_mismatch": _(
        "%(code)s: max points are %(actual)s but its children add up to %(expected)s."
    ),
}


def describe_problem(problem: ScoringError) -> str:
    text = PROBLEM_TEXTS.get(problem.code)
    if text is None:
        return problem.message
    try:
        return str(text) % problem.params
    except (KeyError, TypeError, ValueError):
        return problem.message
