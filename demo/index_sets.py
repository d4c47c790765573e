"""The demo's index sets: 2022, 2023 and 2024, one for departments and one for wards and
communes, imported through `importing.index_set_import` from the YAML files in `data/`.

The files describe 2023; the other years are derived from them with their own code,
phase, windows and legal basis, and one rule that changed in 2024.
"""

import copy
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.db import transaction

from assessments.models import Score
from indexes.importing import index_set_import, load_index_set_yaml
from indexes.models import Criterion, IndexSet, Phase

DATA_DIR = Path(__file__).resolve().parent / "data"
BASE_YEAR = 2023
YEARS = (2022, 2023, 2024)


@dataclass(frozen=True)
class Template:
    prefix: str  # the set's code without the year
    file: str


COMMUNES_WARDS = Template(prefix="cao-lanh-xa", file="communes-wards-2023.yaml")
DEPARTMENTS = Template(prefix="cao-lanh-phong", file="departments-2023.yaml")
TEMPLATES = (DEPARTMENTS, COMMUNES_WARDS)
# A set shaped like a province's published decision, with every feature real sets use
# (four levels, exact band edges, two-count and formula rules, a SIPAS composite, an
# optional survey, an exemption by attribute, deduction and bonus nodes). It is left in
# preparation: an admin opens it to play it; the Cao Lãnh cycle does not depend on it.
REAL_SET_FILE = "dong-thap-so-nganh-2026.yaml"

# Decision numbers and dates are invented for the demo; only their shape is real.
LEGAL_BASIS = {
    (COMMUNES_WARDS.prefix, 2022): ("Quyết định số 87/QĐ-UBND", date(2022, 3, 15)),
    (DEPARTMENTS.prefix, 2022): ("Quyết định số 88/QĐ-UBND", date(2022, 3, 15)),
    (COMMUNES_WARDS.prefix, 2023): ("Quyết định số 123/QĐ-UBND", date(2023, 3, 10)),
    (DEPARTMENTS.prefix, 2023): ("Quyết định số 124/QĐ-UBND", date(2023, 3, 10)),
    (COMMUNES_WARDS.prefix, 2024): ("Quyết định số 156/QĐ-UBND", date(2024, 3, 12)),
    (DEPARTMENTS.prefix, 2024): ("Quyết định số 157/QĐ-UBND", date(2024, 3, 12)),
}

# Sets change every year: in 2024 online submission needs 90 % (not 80 %) for half points.
ONLINE_2024 = {
    "type": "pct_bands",
    "bands": [{"min": 100, "points": 3}, {"min": 90, "points": 1.5}, {"min": 0, "points": 0}],
}
RULE_CHANGES = {
    (COMMUNES_WARDS.prefix, 2024): {"7.3.1": ONLINE_2024},
    (DEPARTMENTS.prefix, 2024): {"7.2.1": ONLINE_2024},
}


def set_code(template: Template, year: int) -> str:
    return f"{template.prefix}-{year}"


def cycle(year: int, today: date) -> dict:
    """Phase and windows: 2022 closed, 2023 published, 2024 in an open self-assessment."""
    if year == max(YEARS):
        # Centred on the day the demo is seeded so that the cycle can be played.
        sa_opens, sa_closes = today - timedelta(days=20), today + timedelta(days=25)
        ap_opens, ap_closes = sa_closes + timedelta(days=3), sa_closes + timedelta(days=30)
        ex_opens, ex_closes = ap_closes + timedelta(days=3), ap_closes + timedelta(days=14)
        return {
            "phase": Phase.SELF_ASSESSMENT.value,
            "self_assessment": {"opens": sa_opens, "closes": sa_closes},
            "appraisal": {"opens": ap_opens, "closes": ap_closes},
            "explanation": {"opens": ex_opens, "closes": ex_closes},
            "published_on": None,
        }
    return {
        "phase": (Phase.PUBLISHED if year == BASE_YEAR else Phase.CLOSED).value,
        "self_assessment": {"opens": date(year, 10, 2), "closes": date(year, 10, 31)},
        "appraisal": {"opens": date(year, 11, 6), "closes": date(year, 11, 30)},
        "explanation": {"opens": date(year, 12, 4), "closes": date(year, 12, 15)},
        "published_on": date(year + 1, 1, 31),
    }


def _nodes(items: list[dict]):
    for item in items:
        yield item
        for key in ("criteria", "sub_criteria"):
            yield from _nodes(item.get(key) or [])


@cache
def _template_data(file: str) -> dict:
    return load_index_set_yaml((DATA_DIR / file).read_text(encoding="utf-8"))


def year_data(template: Template, year: int, today: date) -> dict:
    """The template's data for one year, ready for `index_set_import`."""
    data = copy.deepcopy(_template_data(template.file))
    head = data["index_set"]
    head["code"] = set_code(template, year)
    head["year"] = year
    for key in ("name_vi", "name_en"):
        if key in head:
            head[key] = head[key].replace(str(BASE_YEAR), str(year))
    number, decided_on = LEGAL_BASIS[(template.prefix, year)]
    head["legal_basis"] = {"number": number, "date": decided_on}
    head.update(cycle(year, today))
    changes = RULE_CHANGES.get((template.prefix, year), {})
    for node in _nodes(data["fields"]):
        if node.get("code") in changes:
            node["rule"] = copy.deepcopy(changes[node["code"]])
    return data


def _cycle_update(index_set: IndexSet, data: dict) -> None:
    head = data["index_set"]
    index_set.phase = head["phase"]
    for window in ("self_assessment", "appraisal", "explanation"):
        setattr(index_set, f"{window}_opens", head[window]["opens"])
        setattr(index_set, f"{window}_closes", head[window]["closes"])
    index_set.published_on = head["published_on"]
    index_set.full_clean()
    index_set.save()


def _link_to_previous_year(index_set: IndexSet, previous: IndexSet | None) -> None:
    """Each node continues the node of the same code a year earlier (for comparisons)."""
    if previous is None:
        return
    earlier = dict(previous.criteria.values_list("code", "pk"))
    nodes = list(index_set.criteria.filter(source__isnull=True, code__in=earlier))
    for node in nodes:
        node.source_id = earlier[node.code]
    Criterion.objects.bulk_update(nodes, ["source"])


@transaction.atomic
def demo_index_sets_ensure(*, today: date) -> list[IndexSet]:
    """Import each demo set that is missing (or has no scores yet); otherwise keep its tree
    and only move its phase and windows to where the demo needs them."""
    index_sets = []
    for template in TEMPLATES:
        previous = None
        for year in YEARS:
            data = year_data(template, year, today)
            existing = IndexSet.objects.filter(code=data["index_set"]["code"]).first()
            if (
                existing is not None
                and Score.objects.filter(criterion__index_set=existing).exists()
            ):
                _cycle_update(existing, data)
                index_set = existing
            else:
                index_set = index_set_import(data=data, replace=True)
            _link_to_previous_year(index_set, previous)
            index_sets.append(index_set)
            previous = index_set
    return index_sets


@transaction.atomic
def demo_real_set_ensure() -> IndexSet:
    """Import the real-shaped set unless it is there (the province's departments it scores
    come with the 2025 restructuring, demo/restructuring.py)."""
    data = _template_data(REAL_SET_FILE)
    index_set = IndexSet.objects.filter(code=data["index_set"]["code"]).first()
    if index_set is None:
        index_set = index_set_import(data=copy.deepcopy(data))
    return index_set
