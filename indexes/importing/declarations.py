"""What a set declares once for all its units: the unit attributes it refers to, the nodes
that units carrying one are exempt from, and the kinds of unit a node applies to.

The schema (schema.py) has already checked the shapes; these checks compare the
declarations with each other, with the tree and with the attributes already stored.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _

from indexes.importing.tree import Node, walk
from indexes.importing.values import ImportProblem
from units.models import UnitTag


def declared_attributes(head: Mapping) -> dict[str, dict]:
    """The file's unit attributes by code."""
    return {str(item["code"]): item for item in head.get("unit_attributes") or []}


def _attribute_problems(head: Mapping) -> list[ImportProblem]:
    problems = []
    seen: set[str] = set()
    for index, item in enumerate(head.get("unit_attributes") or []):
        if item["code"] in seen:
            message = _("The attribute code “{code}” is declared twice.")
            where = f"index_set.unit_attributes[{index}]"
            problems.append(ImportProblem(where, message.format(code=item["code"])))
        seen.add(item["code"])
    return problems


def _exemption_problems(head: Mapping, codes: set[str]) -> list[ImportProblem]:
    exemptions = head.get("exemptions") or []
    declared = set(declared_attributes(head))
    named = {str(item["attribute"]) for item in exemptions}
    undeclared = named - declared
    stored = (
        set(UnitTag.objects.filter(code__in=undeclared).values_list("code", flat=True))
        if undeclared
        else set()
    )
    problems = []
    seen: set[str] = set()
    for index, item in enumerate(exemptions):
        where = f"index_set.exemptions[{index}]"
        attribute = str(item["attribute"])
        if attribute not in declared | stored:
            message = _(
                "The attribute “{attribute}” is neither declared under unit_attributes nor "
                "known yet."
            )
            problems.append(ImportProblem(where, message.format(attribute=attribute)))
        if attribute in seen:
            message = _("The attribute “{attribute}” has two exemptions; list its nodes in one.")
            problems.append(ImportProblem(where, message.format(attribute=attribute)))
        seen.add(attribute)
        for code in item["nodes"]:
            if str(code).strip() not in codes:
                message = _("The exempt node {code} is not in the tree.")
                problems.append(ImportProblem(where, message.format(code=code)))
    return problems


def _applies_to_problems(roots: list[Node], set_kinds: list[str]) -> list[ImportProblem]:
    if not set_kinds:
        return []  # the set's own kinds are wrong, and said so
    problems = []
    for node in walk(roots):
        for kind in node.raw.get("applies_to") or []:
            if kind not in set_kinds:
                message = _(
                    "applies_to: the set does not score units of the kind “{kind}” ({known})."
                )
                known = ", ".join(set_kinds)
                problems.append(ImportProblem(node.where, message.format(kind=kind, known=known)))
    return problems


def declaration_problems(
    head: Mapping, roots: list[Node], *, set_kinds: list[str]
) -> list[ImportProblem]:
    """Every problem of the set's attributes, exemptions and node kinds of unit."""
    codes = {node.code for node in walk(roots) if node.code}
    return [
        *_attribute_problems(head),
        *_exemption_problems(head, codes),
        *_applies_to_problems(roots, set_kinds),
    ]
