"""The demo's 2024 improvement plan: drawn from the published 2023 results, issued, with
reports for two quarters, some done, some late, some missing; seeded once."""

from datetime import date
from io import StringIO

import pytest
from django.utils import translation

from demo.plan import seed_plan_demo
from demo.seeding import demo_seed
from plans.models import LibraryDocument, PlanPhase, ProgressReport, TaskStatus
from plans.plan_selectors import plan_dashboard

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_plan_follows_2023_into_two_quarters_of_2024():
    demo_seed()
    with translation.override("en"):
        out = StringIO()
        plan = seed_plan_demo(stdout=out)
        assert seed_plan_demo(stdout=StringIO()) is None  # once
    assert plan.phase == PlanPhase.ISSUED and plan.results_year == 2023
    assert plan.number == "25/KH-UBND"
    tasks = list(plan.tasks.select_related("source_criterion__index_set", "criterion"))
    assert {t.source_criterion.index_set.code for t in tasks} == {
        "cao-lanh-phong-2023",
        "cao-lanh-xa-2023",
    }
    assert all(t.criterion.index_set.year == 2024 for t in tasks if t.criterion)
    assert {t.lead_unit.code for t in tasks} >= {"noi-vu", "phuong-1"}
    reports = ProgressReport.objects.filter(task__plan=plan)
    assert set(reports.values_list("period__number", flat=True)) == {1, 2}
    assert reports.filter(status=TaskStatus.DONE).exists()
    assert LibraryDocument.objects.filter(progress_reports__in=reports).exists()
    board = plan_dashboard(plan=plan, today=date(2024, 7, 15))
    assert board.totals.done > 0 and board.totals.in_progress > 0
    assert board.totals.late_reports > 0 and board.totals.missing_reports > 0
    assert f"{len(tasks)} tasks" in out.getvalue()
