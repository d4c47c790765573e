from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from indexes.messages import describe_problem

register = template.Library()


@register.filter
def problem_text(problem) -> str:
    return describe_problem(problem)


@register.filter
def rule_text(rule) -> str:
    """A one-line reading of a leaf's scoring rule, e.g. "≥ 100 % → 2; ≥ 80 % → 1"."""
    if not isinstance(rule, dict) or not rule.get("type"):
        return ""
    kind = rule["type"]
    if kind == "levels":
        return "; ".join(
            f"{level.get('label')} → {level.get('points')}" for level in rule.get("levels", [])
        )
    if kind == "pct_bands":
        return "; ".join(
            f"≥ {band.get('min')} % → {band.get('points')}" for band in rule.get("bands", [])
        )
    if kind == "proportional":
        return _("points = rate × max")
    if kind == "boolean":
        return _("done → %(points)s, otherwise 0") % {"points": rule.get("true_points", "max")}
    if kind == "count":
        return _("%(per_item)s per item, at most %(cap)s") % {
            "per_item": rule.get("per_item"),
            "cap": rule.get("cap", "max"),
        }
    if kind == "survey_weighted":
        weights = rule.get("weights", {})
        return _("weighted answers: %(weights)s") % {
            "weights": ", ".join(
                f"{option} {Decimal(str(weight))} %" for option, weight in weights.items()
            )
        }
    return str(kind)
