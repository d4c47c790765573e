"""The plan's writes refuse bad input with a clear message and save nothing."""

from datetime import date

import pytest
from django.utils import translation

from assessments.services.common import Invalid, Refused
from plans.models import Amendment, PlanPhase, PlanTask, TaskLoss
from plans.plan_services import (
    TaskData,
    plan_close,
    plan_issue,
    plan_periods_set,
    task_save,
    task_split,
    tasks_merge,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _data(task: PlanTask, **changes) -> TaskData:
    values = {
        "title": task.title,
        "lead_unit": task.lead_unit,
        "deadline": task.deadline,
        "expected_output": task.expected_output,
        "coordinating_units": list(task.coordinating_units.all()),
        "leaves": list(task.leaves.all()),
        "criterion": task.criterion,
    }
    values.update(changes)
    return TaskData(**values)


def _unchanged(task: PlanTask) -> bool:
    fresh = PlanTask.objects.get(pk=task.pk)
    return (fresh.title, fresh.deadline, fresh.lead_unit_id) == (
        task.title,
        task.deadline,
        task.lead_unit_id,
    )


def test_a_deadline_outside_the_plan_year_is_refused(draft_plan, leader):
    task = draft_plan.tasks.first()
    with pytest.raises(Invalid, match="within the plan year 2024"):
        task_save(
            user=leader,
            plan=draft_plan,
            task=task,
            data=_data(task, deadline=date(2025, 1, 15), title="changed"),
        )
    assert _unchanged(task)


def test_a_task_without_a_lead_unit_is_refused(draft_plan, leader):
    count = draft_plan.tasks.count()
    with pytest.raises(Invalid, match="needs a lead unit"):
        task_save(
            user=leader,
            plan=draft_plan,
            task=None,
            data=TaskData(title="Tập huấn", lead_unit=None, deadline=date(2024, 6, 30)),
        )
    assert draft_plan.tasks.count() == count


def test_a_leaf_of_another_year_is_refused(draft_plan, published, leader, unit_a):
    old_leaf = published.criteria.get(code="1.1")
    with pytest.raises(Invalid, match="1.1: not a node of an index set of 2024"):
        task_save(
            user=leader,
            plan=draft_plan,
            task=None,
            data=TaskData(
                title="x", lead_unit=unit_a, deadline=date(2024, 6, 30), leaves=[old_leaf]
            ),
        )


def test_an_issued_plan_changes_only_with_a_reason_kept_in_history(issued_plan, leader):
    task = issued_plan.tasks.first()
    with pytest.raises(Invalid, match="amendment and needs its reason"):
        task_save(user=leader, plan=issued_plan, task=task, data=_data(task, title="changed"))
    assert _unchanged(task) and not Amendment.objects.exists()

    task_save(
        user=leader,
        plan=issued_plan,
        task=task,
        data=_data(task, deadline=date(2024, 11, 30)),
        reason="Chờ hướng dẫn của tỉnh",
    )
    task.refresh_from_db()
    assert task.deadline == date(2024, 11, 30)
    [amendment] = Amendment.objects.all()
    assert (amendment.task, amendment.reason, amendment.made_by) == (
        task,
        "Chờ hướng dẫn của tỉnh",
        leader,
    )
    assert task.history.first().history_change_reason == "Chờ hướng dẫn của tỉnh"


def test_an_issued_plan_is_not_merged_split_or_reissued(issued_plan, leader):
    tasks = list(issued_plan.tasks.all())
    with pytest.raises(Refused):
        tasks_merge(user=leader, plan=issued_plan, tasks=tasks[:2])
    with pytest.raises(Refused):
        task_split(user=leader, plan=issued_plan, task=tasks[0])
    with pytest.raises(Refused):
        plan_issue(user=leader, plan=issued_plan)
    assert issued_plan.tasks.count() == len(tasks)


def test_a_closed_plan_changes_no_more(issued_plan, leader):
    plan_close(user=leader, plan=issued_plan)
    task = issued_plan.tasks.first()
    with pytest.raises(Refused, match="closed"):
        task_save(user=leader, plan=issued_plan, task=task, data=_data(task), reason="x")


def test_merging_sums_the_losses_and_keeps_every_unit(draft_plan, leader, unit_a, unit_b):
    tasks = list(draft_plan.tasks.order_by("position"))
    total = sum(task.points_lost for task in tasks)
    merged = tasks_merge(user=leader, plan=draft_plan, tasks=tasks)
    assert draft_plan.tasks.count() == 1
    assert merged.points_lost == total and merged.units_concerned == 2
    assert set(TaskLoss.objects.values_list("unit_id", flat=True)) == {unit_a.pk, unit_b.pk}
    assert {leaf.code for leaf in merged.leaves.all()} == {"1.1", "1.2.1", "1.2.2", "2.1"}
    helpers = set(merged.coordinating_units.values_list("pk", flat=True))
    assert merged.lead_unit_id not in helpers and helpers <= {unit_a.pk, unit_b.pk}


def test_splitting_copies_the_task_after_it(draft_plan, leader):
    first = draft_plan.tasks.order_by("position").first()
    copy = task_split(user=leader, plan=draft_plan, task=first)
    ordered = list(draft_plan.tasks.order_by("position"))
    assert ordered[1] == copy and copy.title == first.title
    assert set(copy.leaves.all()) == set(first.leaves.all())


def test_periods_must_lie_in_the_year_and_not_overlap(draft_plan, leader):
    with pytest.raises(Invalid, match="within the plan year"):
        plan_periods_set(
            user=leader,
            plan=draft_plan,
            periods=[("6 tháng", date(2024, 1, 1), date(2025, 6, 30))],
        )
    with pytest.raises(Invalid, match="overlap"):
        plan_periods_set(
            user=leader,
            plan=draft_plan,
            periods=[
                ("A", date(2024, 1, 1), date(2024, 6, 30)),
                ("B", date(2024, 6, 1), date(2024, 12, 31)),
            ],
        )
    assert draft_plan.periods.count() == 4
    plan_periods_set(
        user=leader,
        plan=draft_plan,
        periods=[
            ("6 tháng cuối năm", date(2024, 7, 1), date(2024, 12, 31)),
            ("6 tháng đầu năm", date(2024, 1, 1), date(2024, 6, 30)),
        ],
    )
    assert [(p.number, p.label) for p in draft_plan.periods.all()] == [
        (1, "6 tháng đầu năm"),
        (2, "6 tháng cuối năm"),
    ]


def test_issuing_needs_number_date_and_signer(draft_plan, leader):
    with pytest.raises(Invalid, match="document number, date, signed by"):
        plan_issue(user=leader, plan=draft_plan)
    draft_plan.refresh_from_db()
    assert draft_plan.phase == PlanPhase.DRAFT


@pytest.mark.parametrize("persona", ["official_a", "appraiser"])
def test_only_leaders_and_admins_manage_the_plan(draft_plan, persona, request):
    user = request.getfixturevalue(persona)
    task = draft_plan.tasks.first()
    with pytest.raises(Refused, match="Only leaders and administrators"):
        task_save(user=user, plan=draft_plan, task=task, data=_data(task, title="x"))
    with pytest.raises(Refused):
        plan_issue(user=user, plan=draft_plan)
    assert _unchanged(task)


def test_an_admin_manages_the_plan_too(issued_plan, admin_user):
    plan_close(user=admin_user, plan=issued_plan)
    assert issued_plan.phase == PlanPhase.CLOSED
