"""Drafting next year's plan from the published results: one task per criterion that lost
points, with the points and units, following the clone's lineage."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plans.models import ImprovementPlan, PlanTask
from plans.plan_drafting import plan_draft

pytestmark = pytest.mark.django_db


def test_the_draft_proposes_one_task_per_criterion_that_lost_points(
    draft_plan, next_year, unit_a, unit_b
):
    tasks = {task.source_criterion.code: task for task in draft_plan.tasks.all()}
    # A lost nothing on 1.1 (2 of 2), B lost 1; both lost 1.2.1 + 1.2.2 (4) and 2.1 (4).
    assert set(tasks) == {"1.1", "1.2", "2.1"}
    assert tasks["1.1"].points_lost == Decimal("1")
    assert tasks["1.1"].units_concerned == 1
    assert tasks["1.1"].lead_unit == unit_b
    assert tasks["1.2"].points_lost == Decimal("8")
    assert {(loss.unit_id, loss.points_lost) for loss in tasks["1.2"].losses.all()} == {
        (unit_a.pk, Decimal("4")),
        (unit_b.pk, Decimal("4")),
    }
    # The matching nodes are the 2024 set's, through the clone's lineage.
    assert tasks["1.2"].criterion.index_set == next_year
    assert tasks["1.2"].criterion.source == tasks["1.2"].source_criterion
    assert sorted(leaf.code for leaf in tasks["1.2"].leaves.all()) == ["1.2.1", "1.2.2"]
    assert all(leaf.index_set == next_year for leaf in tasks["1.2"].leaves.all())
    assert tasks["2.1"].field.code == "2" and tasks["2.1"].field.index_set == next_year
    assert [p.label for p in draft_plan.periods.all()] == ["Quý 1", "Quý 2", "Quý 3", "Quý 4"]


def test_a_second_draft_of_the_same_year_is_refused(draft_plan, leader):
    with pytest.raises(ValidationError, match="2024"):
        plan_draft(year=2024, user=leader)
    assert ImprovementPlan.objects.count() == 1


def test_a_year_without_published_results_cannot_be_drafted(published, leader):
    with pytest.raises(ValidationError, match="2024"):
        plan_draft(year=2025, user=leader)
    assert not ImprovementPlan.objects.exists() and not PlanTask.objects.exists()
