"""Demo data of the improvement plan: the 2024 plan drawn from the published 2023 results,
issued in March 2024, with the lead units' progress reports for the first two quarters:
some tasks done (with the report's file in the unit's library), some in progress, some
reports late and some missing.

Everything is written through the plan's services; only the moments are moved back to
2024 afterwards (the demo is seeded long after), so that the on-time and late reports
are the ones a city would see. Runs once: an existing 2024 plan is left as it is.
"""

from datetime import date, datetime

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from demo.commitments import CHAIRMAN, PLACE, ascii_text, minimal_pdf
from plans.models import ImprovementPlan, PlanTask, ProgressReport
from plans.plan_drafting import plan_draft, results_sets
from plans.plan_reports import progress_report_save
from plans.plan_services import plan_header_update, plan_issue
from units.models import Unit

YEAR = 2024
ISSUED_ON = date(2024, 3, 5)
NUMBER = "25/KH-UBND"
# The demo officials who open the plan first lead a task each.
LEADS = {"cao-lanh-phong-2023": "noi-vu", "cao-lanh-xa-2023": "phuong-1"}
# By the task's place in the plan (modulo 4): (period, status, day reported, with a file).
PATTERNS = [
    [(1, "done", date(2024, 3, 28), True)],
    [(1, "in_progress", date(2024, 3, 29), False), (2, "done", date(2024, 7, 8), True)],
    [(1, "in_progress", date(2024, 4, 5), False), (2, "in_progress", date(2024, 6, 27), False)],
    [],  # nothing reported: both reports missing
]


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9, 30))


def _leads_ensure(plan: ImprovementPlan) -> None:
    """The first task of each set is led by the demo's best-known official's unit."""
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=LEADS.values())}
    for set_code, unit_code in LEADS.items():
        task = plan.tasks.filter(source_criterion__index_set__code=set_code).first()
        unit = units.get(unit_code)
        if task is not None and unit is not None:
            task.coordinating_units.remove(unit)
            PlanTask.objects.filter(pk=task.pk).update(lead_unit=unit)


@transaction.atomic
def seed_plan_demo(*, stdout) -> ImprovementPlan | None:
    if ImprovementPlan.objects.filter(year=YEAR).exists() or not results_sets(YEAR - 1):
        return None
    leader = User.objects.filter(username="lanhdao").first()
    plan = plan_draft(year=YEAR, user=leader)
    plan.tasks.update(created_at=_moment(date(2024, 2, 20)))
    _leads_ensure(plan)
    plan_header_update(
        user=leader,
        plan=plan,
        number=NUMBER,
        issued_on=ISSUED_ON,
        place=PLACE,
        issuer="Ủy ban nhân dân thành phố Cao Lãnh",
        signer_name=CHAIRMAN[0],
        signer_title="Chủ tịch",
    )
    plan_issue(user=leader, plan=plan)
    periods = {period.number: period for period in plan.periods.all()}
    officials = {user.unit_id: user for user in User.objects.filter(role="official")}
    reports = 0
    for index, task in enumerate(plan.tasks.select_related("lead_unit").order_by("position")):
        official = officials.get(task.lead_unit_id)
        if official is None:
            continue
        for number, status, day, with_file in PATTERNS[index % len(PATTERNS)]:
            name = f"bao-cao-nhiem-vu-{task.position}-quy-{number}.pdf"
            files: list[UploadedFile] = [
                SimpleUploadedFile(name, minimal_pdf([ascii_text(task.title)]))
            ]
            report = progress_report_save(
                user=official,
                task=task,
                period=periods[number],
                status=status,
                text=gettext("Reported in the demo."),
                files=files if with_file else [],
                today=day,
            )
            ProgressReport.objects.filter(pk=report.pk).update(reported_at=_moment(day))
            reports += 1
    stdout.write(
        gettext("Improvement plan {year}: {tasks} tasks, {reports} progress reports.").format(
            year=YEAR, tasks=plan.tasks.count(), reports=reports
        )
    )
    return plan
