"""The improvement plan of a year (Kế hoạch cải thiện Chỉ số CCHC): its tasks, drawn from
the last year's lost points, the periods units report on, and their progress reports.

A plan is drafted, then issued (its tasks freeze: later changes are amendments with a
reason), then closed. Every change is kept in history.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import user_stamp
from indexes.models import Criterion
from indexes.models.sets import POINTS
from plans.models.library import LibraryDocument
from units.models import Unit


class PlanPhase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    CLOSED = "closed", _("Closed")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ImprovementPlan(models.Model):
    """One year's plan for the whole city, drawn from the results of the year before."""

    year = models.PositiveSmallIntegerField(_("plan year"), unique=True)
    results_year = models.PositiveSmallIntegerField(_("results year"))
    title = models.CharField(_("title"), max_length=255)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    issuer_parent = models.CharField(_("issuing body's superior"), max_length=255, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=255, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=255, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    purpose = models.TextField(_("purpose and requirements"), blank=True)
    phase = models.CharField(
        _("phase"), max_length=10, choices=PlanPhase.choices, default=PlanPhase.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = user_stamp(_("created by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(results_year__lt=models.F("year")), name="plan_after_its_results"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", kwargs={"year": self.year})

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 12, 31)

    @property
    def is_draft(self) -> bool:
        return self.phase == PlanPhase.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.phase == PlanPhase.ISSUED

    def within_year(self, day: date | None) -> bool:
        return day is not None and self.first_day <= day <= self.last_day


class PlanPeriod(models.Model):
    """A reporting period: each lead unit reports on each of its tasks by `ends_on`."""

    plan = models.ForeignKey(
        ImprovementPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="periods"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=60)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("report due on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_period_per_number"),
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="period_starts_before_end"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.plan_id is None:
            return
        plan = self.plan
        outside = [d for d in (self.starts_on, self.ends_on) if d and not plan.within_year(d)]
        if outside:
            raise ValidationError(
                _("A period must lie within the plan year %(year)s.") % {"year": plan.year}
            )
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError(_("A period cannot end before it starts."))


class PlanTask(models.Model):
    """One task of the plan: what to do, who leads it, by when, what it produces, and which
    leaves of the plan year's sets it is meant to improve."""

    plan = models.ForeignKey(
        ImprovementPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    position = models.PositiveIntegerField(_("number"), default=0)
    title = models.CharField(_("task"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    # The node of the results year that lost points (None for a task the drafter added) ...
    source_criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion that lost points"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # ... and the node of the plan year's set that continues it (the clone's lineage).
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_tasks",
    )
    # The field (lĩnh vực) the task counts under on the dashboard: derived by the service.
    field = models.ForeignKey(
        Criterion,
        verbose_name=_("field"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    leaves = models.ManyToManyField(
        Criterion, verbose_name=_("linked leaves"), blank=True, related_name="plan_task_leaves"
    )
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        related_name="plan_tasks_led",
    )
    coordinating_units = models.ManyToManyField(
        Unit, verbose_name=_("coordinating units"), blank=True, related_name="plan_tasks_helped"
    )
    deadline = models.DateField(_("deadline"))
    expected_output = models.TextField(_("expected output"), blank=True)
    points_lost = models.DecimalField(_("points lost"), default=0, **POINTS)
    units_concerned = models.PositiveIntegerField(_("units concerned"), default=0)
    # The status of its latest progress report (plans.plan_services keeps it).
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    documents = models.ManyToManyField(
        LibraryDocument, verbose_name=_("documents"), blank=True, related_name="plan_tasks"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords(m2m_fields=[leaves, coordinating_units])

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["plan", "position", "pk"]
        indexes = [models.Index(fields=["plan", "lead_unit"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:task", kwargs={"year": self.plan.year, "task_id": self.pk})


class TaskLoss(models.Model):
    """What the task's criterion cost one unit in the results year (kept as drafted: the
    results are published and frozen)."""

    task = models.ForeignKey(
        PlanTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="losses"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    points_lost = models.DecimalField(_("points lost"), **POINTS)

    class Meta:
        verbose_name = _("points lost by a unit")
        verbose_name_plural = _("points lost by units")
        ordering = ["task", "-points_lost", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="one_loss_per_task_and_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.points_lost}"


class ProgressReport(models.Model):
    """A lead unit's report on one task for one period."""

    task = models.ForeignKey(
        PlanTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="reports"
    )
    period = models.ForeignKey(
        PlanPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices)
    text = models.CharField(_("progress"), max_length=1000, blank=True)
    documents = models.ManyToManyField(
        LibraryDocument, verbose_name=_("files"), blank=True, related_name="progress_reports"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    reported_by = user_stamp(_("reported by"))

    history = HistoricalRecords(m2m_fields=[documents])

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["task", "period__number"]
        constraints = [
            models.UniqueConstraint(fields=["task", "period"], name="one_report_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.period}"


class Amendment(models.Model):
    """A change to an issued plan, with its reason (the task's own history has the values)."""

    plan = models.ForeignKey(
        ImprovementPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="amendments",
    )
    task = models.ForeignKey(
        PlanTask,
        verbose_name=_("task"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
    )
    reason = models.TextField(_("reason"))
    made_at = models.DateTimeField(_("made at"), default=timezone.now)
    made_by = user_stamp(_("made by"))

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["plan", "made_at", "pk"]

    def __str__(self) -> str:
        return self.reason[:80]
