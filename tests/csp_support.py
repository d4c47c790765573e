"""The main pages of every role, on the demo data, for the Content Security Policy tests.

One list for the plain test (every response carries the header) and the browser test
(every page loads with no violation), so a page added here is checked both ways.
"""

from dataclasses import dataclass
from io import StringIO

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from commitments.models import Commitment
from indexes.models import Criterion, IndexSet, Method
from indexes.rule_inputs import input_kind
from tests.assessments.cycle_support import (
    appraisal_data,
    appraisal_url,
    self_assessment_data,
    self_assessment_url,
)
from tests.conftest import client_for

SELF_ASSESSMENT_SET = "cao-lanh-xa-2024"  # the demo leaves it open for self-assessment
EXPLANATION_SET = "cao-lanh-phong-2024"  # moved on here to appraisal, then explanation
OPTIONAL_METHODS_SET = "dong-thap-so-nganh-2026"  # makes the survey optional
PUBLISHED_YEAR = 2023
OFFICIAL = "phuong-1"
EXPLAINING_OFFICIAL = "noi-vu"
TYPED = {"level": "0", "rate": "100", "done": "yes", "count": "2"}  # what each rule asks


@dataclass(frozen=True)
class Demo:
    rate_leaf: Criterion  # a leaf of the open set whose points the form previews
    returned_leaf: Criterion  # the leaf returned to EXPLAINING_OFFICIAL


def seed_demo_with_a_returned_item() -> Demo:
    """The demo, with one department set moved to explanation and one leaf returned."""
    with override_settings(DEBUG=True):  # the demo refuses public passwords otherwise
        call_command("seed_demo", stdout=StringIO())
    admin, appraiser = (
        client_for(User.objects.get(username=name)) for name in ("admin", "thamdinh")
    )
    index_set = IndexSet.objects.get(code=EXPLANATION_SET)
    advance = reverse("assessments:advance-phase", kwargs={"set_code": index_set.code})
    official = User.objects.get(username=EXPLAINING_OFFICIAL)
    unit = official.unit
    leaves = index_set.criteria.exclude(method__in=["", Method.SURVEY])
    values = {
        leaf.code: {"value": TYPED.get(input_kind(leaf), str(leaf.max_points)), "explanation": "Có"}
        for leaf in leaves
    }
    data = self_assessment_data(unit, index_set, values, action="submit")
    assert client_for(official).post(self_assessment_url(unit, index_set), data).status_code == 302
    assert admin.post(advance).status_code == 302  # to appraisal
    returned = index_set.criteria.exclude(method__in=["", Method.SURVEY]).order_by("sort_key")[0]
    values = {returned.code: {"appraised": "0", "comment": "Bổ sung văn bản", "return": "on"}}
    data = appraisal_data(unit, index_set, values, action="return")
    assert appraiser.post(appraisal_url(unit, index_set), data).status_code == 302
    assert admin.post(advance).status_code == 302  # to explanation
    open_set = IndexSet.objects.get(code=SELF_ASSESSMENT_SET)
    rate_leaf = next(
        leaf
        for leaf in open_set.criteria.exclude(method__in=["", Method.SURVEY]).order_by("sort_key")
        if input_kind(leaf) == "rate"
    )
    return Demo(rate_leaf=rate_leaf, returned_leaf=returned)


def main_pages(demo: Demo) -> dict[str | None, list[str]]:
    """Each role's main pages (None: not signed in), error pages included."""
    official = User.objects.get(username=OFFICIAL).unit
    explaining = User.objects.get(username=EXPLAINING_OFFICIAL).unit
    published_set = next(
        each
        for each in IndexSet.objects.filter(year=PUBLISHED_YEAR)
        if official.kind in each.unit_kinds
    )
    field = published_set.criteria.filter(parent=None).order_by("sort_key")[0]
    commitment = Commitment.objects.filter(year=PUBLISHED_YEAR).order_by("pk")[0]
    sheet = {"unit_code": official.code, "set_code": SELF_ASSESSMENT_SET}
    signed = {"year": commitment.year, "unit_code": commitment.unit.code}
    explained = {"unit_code": explaining.code, "set_code": EXPLANATION_SET}
    return {
        None: [reverse("login"), "/no/such/page/"],
        OFFICIAL: [
            reverse("assessments:official-board"),  # their home
            reverse("assessments:self-assessment", kwargs=sheet),
            reverse(
                "assessments:score-detail",
                kwargs={"unit_code": official.code, "criterion_id": demo.rate_leaf.pk},
            ),
            reverse(
                "dashboards:unit-scorecard",
                kwargs={"year": PUBLISHED_YEAR, "unit_code": official.code},
            ),
            reverse("exchange:home"),
            reverse("exchange:score-import", kwargs={"code": SELF_ASSESSMENT_SET, "kind": "self"}),
            reverse("assessments:appraisal-board"),  # 403: officials do not appraise
            reverse("plans:unit-tasks", kwargs={"year": 2024, "unit_code": official.code}),
            reverse("plans:library", kwargs={"unit_code": official.code, "year": 2024}),
            reverse("plans:standing-unit", kwargs={"year": 2024, "unit_code": official.code}),
            reverse("notifications:list"),
            reverse("notifications:preferences"),
        ],
        EXPLAINING_OFFICIAL: [reverse("assessments:explanation", kwargs=explained)],
        "thamdinh": [
            reverse("assessments:appraisal-board"),
            reverse("assessments:appraisal", kwargs=explained),
            reverse("assessments:appraisal", kwargs=explained) + "?view=compact",
            reverse("assessments:appraisal", kwargs=explained) + "?filter=attention",
            reverse("assessments:finalise-ready", kwargs={"set_code": EXPLANATION_SET}),
            reverse("exchange:survey-import", kwargs={"code": EXPLANATION_SET}),
            reverse("assessments:methods-not-held", kwargs={"set_code": OPTIONAL_METHODS_SET}),
        ],
        "lanhdao": [
            reverse("dashboards:year-dashboard") + f"?year={PUBLISHED_YEAR}",
            reverse("dashboards:ranking-print") + f"?year={PUBLISHED_YEAR}",
            reverse(
                "dashboards:field-view",
                kwargs={"set_code": published_set.code, "field_code": field.code},
            ),
            reverse("commitments:year", kwargs={"year": PUBLISHED_YEAR}),
            reverse("commitments:awards-year", kwargs={"year": 2022}),
            reverse("plans:detail", kwargs={"year": 2024}),
            reverse("plans:dashboard", kwargs={"year": 2024}),
            reverse("plans:print", kwargs={"year": 2024}),
            reverse("plans:index"),
            reverse("plans:standing-list", kwargs={"year": 2024}),
            reverse("notifications:list"),
        ],
        "admin": [
            reverse("indexes:overview"),
            reverse("indexes:index-set-detail", kwargs={"code": SELF_ASSESSMENT_SET}),
            reverse("indexes:index-set-detail", kwargs={"code": published_set.code}),
            reverse("units:unit-detail", kwargs={"code": official.code}),
            reverse("assessments:adjustments", kwargs={"code": EXPLANATION_SET}),
            reverse("commitments:detail", kwargs=signed),
            reverse("commitments:print", kwargs=signed),
            reverse("exchange:set-import"),
            reverse("exchange:unit-attributes-import"),
            reverse("admin:index"),
            reverse("admin:indexes_indexset_change", args=[published_set.pk]),
            reverse("admin:commitments_commitment_change", args=[commitment.pk]),
            reverse("admin:commitments_commitment_history", args=[commitment.pk]),
        ],
    }


def policy_of(header: str) -> dict[str, list[str]]:
    """A policy header's directives: {"default-src": ["'self'"], ...}."""
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def is_charted(path: str) -> bool:
    """Pages that draw plotly charts (the dashboards app's pages)."""
    return path.startswith(reverse("dashboards:year-dashboard"))
