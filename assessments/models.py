"""The yearly cycle of one unit on one index set: scores, the assessment's status,
evidence, items returned for explanation, corrections, and bonus and deduction points."""

import uuid
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.counting import FINAL, counted_points
from indexes.models import POINTS, AdjustmentItem, AdjustmentKind, Criterion, IndexSet
from units.models import Unit

if TYPE_CHECKING:
    from django.db.models.expressions import Combinable
    from django_stubs_ext import StrOrPromise

    from accounts.models import User


def user_stamp(
    verbose_name: "StrOrPromise", *, blank: bool = True
) -> "models.ForeignKey[User | Combinable | None, User | None]":
    """Who did something to a row (updated, submitted, uploaded, returned it ...): the row
    keeps its record when that user account is deleted, so the link just becomes empty."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name="+",
    )


class Score(models.Model):
    """A unit's points on one leaf: its own, the appraisers', and the final one.

    `max_points` and `min_points` (below 0 on deduction leaves) are copied from the leaf so
    that the database itself can keep the points within [min, max].
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    max_points = models.DecimalField(_("max points"), **POINTS)
    min_points = models.DecimalField(_("floor"), default=Decimal("0"), **POINTS)
    self_points = models.DecimalField(_("self-score"), null=True, blank=True, **POINTS)
    self_input = models.JSONField(
        _("value entered"),
        null=True,
        blank=True,
        help_text=_("What the official entered for the rule (a rate, a level…)."),
    )
    appraised_points = models.DecimalField(_("appraised score"), null=True, blank=True, **POINTS)
    appraised_input = models.JSONField(
        _("value appraised"),
        null=True,
        blank=True,
        help_text=_("What the appraisers entered for the rule (e.g. survey components)."),
    )
    explanation = models.TextField(_("explanation"), blank=True)
    note = models.TextField(_("notes"), blank=True)
    appraiser_comment = models.TextField(_("appraiser's comment"), blank=True)
    # Bumped by every write of the entry and appraisal services: a form remembers the
    # version it showed, so a later save over someone else's change is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = user_stamp(_("updated by"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["unit", "criterion__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "criterion"], name="one_score_per_unit_and_leaf"
            ),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="score_max_not_negative"),
            models.CheckConstraint(condition=Q(min_points__lte=0), name="score_floor_not_positive"),
            models.CheckConstraint(
                condition=Q(self_points__isnull=True)
                | (Q(self_points__gte=F("min_points")) & Q(self_points__lte=F("max_points"))),
                name="self_points_within_max",
                violation_error_message=_("The self-score must lie between 0 and the max points."),
            ),
            models.CheckConstraint(
                condition=Q(appraised_points__isnull=True)
                | (
                    Q(appraised_points__gte=F("min_points"))
                    & Q(appraised_points__lte=F("max_points"))
                ),
                name="appraised_points_within_max",
                violation_error_message=_(
                    "The appraised score must lie between 0 and the max points."
                ),
            ),
        ]

    # Who changed what and when, with old and new values (django-simple-history).
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.unit} — {self.criterion.code}"

    @classmethod
    def on_leaf(cls, unit: Unit, leaf: Criterion, **values) -> "Score":
        """A new, unsaved score of `unit` on `leaf`, with the leaf's bounds copied: every
        place that creates scores goes through here."""
        return cls(
            unit=unit,
            criterion=leaf,
            max_points=leaf.max_points,
            min_points=leaf.min_points,
            **values,
        )

    @property
    def final_points(self) -> Decimal | None:
        """The appraised score once there is one, the self-score before."""
        return counted_points(self, FINAL)


class AssessmentStatus(models.TextChoices):
    """Where a unit stands in a set's cycle. A row is made (not started) by the first write
    of anyone on the unit's scores, since every write locks it; no row also means "not
    started"."""

    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for explanation")
    EXPLAINED = "explained", _("Explained")
    APPRAISED = "appraised", _("Appraised")


class Assessment(models.Model):
    """One unit's self-assessment and appraisal on one index set."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assessments"
    )
    index_set = models.ForeignKey(
        IndexSet, verbose_name=_("index set"), on_delete=models.CASCADE, related_name="assessments"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.NOT_STARTED,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = user_stamp(_("submitted by"))
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    explained_at = models.DateTimeField(_("explained at"), null=True, blank=True)
    appraised_at = models.DateTimeField(_("appraised at"), null=True, blank=True)
    appraised_by = user_stamp(_("appraised by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["index_set", "unit__sort_order"]
        indexes = [models.Index(fields=["index_set", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "index_set"], name="one_assessment_per_unit_and_set"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.index_set}: {self.get_status_display()}"


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    """evidence/<year>/<unit code>/<random>.<ext>: the original name is kept in a field,
    so names typed by users never reach the storage (no collisions, no odd characters)."""
    suffix = PurePath(filename).suffix.lower()[:10]
    score = instance.score
    return f"evidence/{score.criterion.index_set.year}/{score.unit.code}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A document (tài liệu kiểm chứng) attached to a unit's score on one leaf.

    Never deleted: removing it from a score only stamps `removed_at`, so the file and
    its history stay available to appraisers.
    """

    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    section = models.CharField(_("section or page that counts"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = user_stamp(_("uploaded by"))
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = user_stamp(_("removed by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["score", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("assessments:evidence-download", kwargs={"pk": self.pk})


class ReturnedItem(models.Model):
    """A leaf an appraiser sent back to the unit for explanation (giải trình), and the answer."""

    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.PROTECT, related_name="returns"
    )
    question = models.TextField(_("appraiser's question"))
    returned_at = models.DateTimeField(_("returned at"), default=timezone.now)
    returned_by = user_stamp(_("returned by"), blank=False)
    answer = models.TextField(_("unit's explanation"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = user_stamp(_("answered by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = user_stamp(_("closed by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("returned item")
        verbose_name_plural = _("returned items")
        ordering = ["score", "returned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["score"],
                condition=Q(closed_at__isnull=True),
                name="one_open_return_per_score",
            )
        ]

    def __str__(self) -> str:
        return f"{self.score} ({self.returned_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ScoreCorrection(models.Model):
    """An administrator's correction of a published score, with the reason it was needed."""

    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.PROTECT, related_name="corrections"
    )
    old_points = models.DecimalField(_("points before"), null=True, blank=True, **POINTS)
    new_points = models.DecimalField(_("points after"), **POINTS)
    reason = models.TextField(_("reason"))
    corrected_at = models.DateTimeField(_("corrected at"), default=timezone.now)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("score correction")
        verbose_name_plural = _("score corrections")
        ordering = ["score", "corrected_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.old_points} → {self.new_points}"


class Adjustment(models.Model):
    """A bonus or deduction applied to one unit by an appraiser, with the reason."""

    item = models.ForeignKey(
        AdjustmentItem,
        verbose_name=_("adjustment item"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="adjustments"
    )
    points = models.DecimalField(_("points"), **POINTS)
    reason = models.TextField(_("reason"))
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    applied_by = user_stamp(_("applied by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["item__index_set", "unit", "applied_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gt=0), name="adjustment_points_positive"),
            models.CheckConstraint(condition=~Q(reason=""), name="adjustment_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.item}"

    @property
    def signed_points(self) -> Decimal:
        return self.points if self.item.kind == AdjustmentKind.BONUS else -self.points
