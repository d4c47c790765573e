"""The reads the plan's pages need, each in a fixed number of queries whatever the number
of units and tasks.

The dashboard's counts apply the rules of `plan_reports` (overdue, late, owed) to the
rows of three queries (tasks, periods, reports) rather than restating them in SQL: the
same functions decide for the dashboard, the unit's page and the to-do board.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from indexes.models import Criterion
from plans.models import (
    ImprovementPlan,
    PlanPeriod,
    PlanPhase,
    PlanTask,
    ProgressReport,
    TaskLoss,
    TaskStatus,
)
from plans.plan_reports import is_late, is_overdue, owes_report, task_is_overdue
from units.models import Unit


def plan_tasks(plan: ImprovementPlan) -> QuerySet[PlanTask]:
    """The plan's tasks with what the list, the print and the export show (4 queries)."""
    return (
        PlanTask.objects.filter(plan=plan)
        .select_related("plan", "lead_unit", "criterion", "source_criterion", "field")
        .prefetch_related(
            Prefetch("coordinating_units", queryset=Unit.objects.order_by("kind", "sort_order")),
            Prefetch(
                "leaves",
                queryset=Criterion.objects.order_by("sort_key").only(
                    "pk", "code", "name", "index_set_id"
                ),
            ),
        )
        .order_by("position", "pk")
    )


def done_task_leaves_by_unit(*, unit_ids: list[int], year: int) -> set[tuple[int, int]]:
    """(unit id, leaf id) for every leaf linked to a done task that the unit leads in the
    plan of `year` (issued or closed): the library's points-at-risk rule
    (`library_standing.leaf_at_risk(has_done_task=...)`) counts such a leaf as worked on.
    One query, whatever the number of units."""
    return set(
        PlanTask.leaves.through.objects.filter(
            plantask__lead_unit_id__in=unit_ids,
            plantask__status=TaskStatus.DONE,
            plantask__plan__year=year,
            plantask__plan__phase__in=(PlanPhase.ISSUED, PlanPhase.CLOSED),
        ).values_list("plantask__lead_unit_id", "criterion_id")
    )


def done_task_leaves(*, unit: Unit, year: int) -> set[int]:
    """The ids of the leaves linked to the unit's done tasks in the plan of `year`."""
    return {leaf for _unit, leaf in done_task_leaves_by_unit(unit_ids=[unit.pk], year=year)}


@dataclass
class Cell:
    """One task × one period: its report, and whether it is owed, late or overdue."""

    period: PlanPeriod
    report: ProgressReport | None
    owed: bool
    late: bool
    overdue: bool


@dataclass
class TaskRow:
    task: PlanTask
    cells: list[Cell]
    overdue: bool

    @property
    def due_now(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.overdue]


def _done_in(reports: list[ProgressReport]) -> int | None:
    done = [r.period.number for r in reports if r.status == TaskStatus.DONE]
    return min(done) if done else None


def task_rows(
    *, plan: ImprovementPlan, tasks: list[PlanTask], periods: list[PlanPeriod], today: date
) -> list[TaskRow]:
    """Each task with a cell per period (2 queries for the reports and their files)."""
    by_task: dict[int, list[ProgressReport]] = defaultdict(list)
    reports = (
        ProgressReport.objects.filter(task__in=[t.pk for t in tasks])
        .select_related("period", "reported_by")
        .prefetch_related("documents")
    )
    for report in reports:
        by_task[report.task_id].append(report)
    rows = []
    for task in tasks:
        own = {r.period_id: r for r in by_task[task.pk]}
        done_in = _done_in(by_task[task.pk])
        cells = []
        for period in periods:
            filed = own.get(period.pk)
            owed = plan.phase != PlanPhase.DRAFT and owes_report(task, period, done_in)
            cells.append(
                Cell(
                    period=period,
                    report=filed,
                    owed=owed,
                    late=filed is not None and is_late(filed, period),
                    overdue=owed and filed is None and is_overdue(period, today),
                )
            )
        rows.append(TaskRow(task, cells, overdue=task_is_overdue(task, today)))
    return rows


@dataclass
class Tally:
    """Counts of one unit's or one field's tasks."""

    label: str
    code: str = ""
    total: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0
    late_reports: int = 0
    missing_reports: int = 0

    def add(self, row: TaskRow) -> None:
        self.total += 1
        status = row.task.status
        self.done += status == TaskStatus.DONE
        self.in_progress += status == TaskStatus.IN_PROGRESS
        self.not_started += status == TaskStatus.NOT_STARTED
        self.overdue += row.overdue
        self.late_reports += sum(cell.late for cell in row.cells)
        self.missing_reports += sum(cell.overdue for cell in row.cells)


@dataclass
class Dashboard:
    plan: ImprovementPlan
    totals: Tally
    units: list[Tally] = field(default_factory=list)
    fields: list[Tally] = field(default_factory=list)
    overdue_tasks: list[TaskRow] = field(default_factory=list)


def plan_dashboard(*, plan: ImprovementPlan, today: date) -> Dashboard:
    """Tasks done / in progress / overdue per lead unit (units with overdue tasks first)
    and per field, with late and missing reports (4 queries)."""
    tasks = list(
        PlanTask.objects.filter(plan=plan)
        .select_related("plan", "lead_unit", "field")
        .order_by("position", "pk")
    )
    periods = list(plan.periods.all())
    rows = task_rows(plan=plan, tasks=tasks, periods=periods, today=today)
    totals = Tally(label="")
    units: dict[int, Tally] = {}
    fields: dict[tuple[str, str], Tally] = {}
    for row in rows:
        task = row.task
        totals.add(row)
        unit = units.setdefault(task.lead_unit_id, Tally(task.lead_unit.name, task.lead_unit.code))
        unit.add(row)
        key = (task.field.code, task.field.name) if task.field else ("", "")
        fields.setdefault(key, Tally(key[1], key[0])).add(row)
    unit_order = sorted(
        units.values(), key=lambda t: (-t.overdue, -t.missing_reports, -(t.total - t.done), t.label)
    )
    field_order = sorted(fields.values(), key=lambda t: (t.code == "", t.code.zfill(4), t.label))
    return Dashboard(
        plan=plan,
        totals=totals,
        units=unit_order,
        fields=field_order,
        overdue_tasks=[row for row in rows if row.overdue],
    )


def unit_task_rows(*, plan: ImprovementPlan, unit: Unit, today: date) -> list[TaskRow]:
    """The tasks the unit leads, with their periods' reports (5 queries)."""
    tasks = list(plan_tasks(plan).filter(lead_unit=unit))
    return task_rows(plan=plan, tasks=tasks, periods=list(plan.periods.all()), today=today)


def task_losses(task: PlanTask) -> list[TaskLoss]:
    return list(task.losses.select_related("unit").order_by("-points_lost", "unit__sort_order"))


@dataclass
class TodoCard:
    """What the official's to-do board shows of the plan: the unit's tasks and the reports
    due now."""

    plan: ImprovementPlan
    unit: Unit
    open_tasks: int
    overdue_tasks: list[PlanTask]
    due: list[tuple[PlanTask, PlanPeriod, bool]]  # (task, period, overdue)


def todo_card(*, unit: Unit, today: date) -> TodoCard | None:
    """The latest issued plan's part for the unit, or None (5 queries at most)."""
    plan = ImprovementPlan.objects.filter(phase=PlanPhase.ISSUED).order_by("-year").first()
    if plan is None:
        return None
    tasks = list(PlanTask.objects.filter(plan=plan, lead_unit=unit).order_by("position", "pk"))
    if not tasks:
        return None
    periods = list(plan.periods.all())
    rows = task_rows(plan=plan, tasks=tasks, periods=periods, today=today)
    due = []
    for row in rows:
        for cell in row.cells:
            # Due: owed, not reported, and its period has started.
            if cell.owed and cell.report is None and cell.period.starts_on <= today:
                due.append((row.task, cell.period, cell.overdue))
    return TodoCard(
        plan=plan,
        unit=unit,
        open_tasks=sum(1 for t in tasks if t.status != TaskStatus.DONE),
        overdue_tasks=[row.task for row in rows if row.overdue],
        due=due,
    )
