"""Units, index sets, the criteria tree, targets and scores.

Points are Decimal with two places everywhere; arithmetic lives in `scoring.py`.
"""

import uuid
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from django.db.models.expressions import Combinable
    from django_stubs_ext import StrOrPromise

    from accounts.models import User


class DecimalShape(TypedDict):
    """Digits of a DecimalField, typed so that `**POINTS` checks against its keywords."""

    max_digits: int
    decimal_places: int


POINTS: DecimalShape = {"max_digits": 6, "decimal_places": 2}
PERCENT: DecimalShape = {"max_digits": 5, "decimal_places": 2}
percent_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


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


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    WARD = "ward", _("Ward")
    COMMUNE = "commune", _("Commune")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")
    OTHER = "other", _("Other")


class Method(models.TextChoices):
    APPRAISAL = "appraisal", _("Appraisal")
    SURVEY = "survey", _("Survey")
    OTHER = "other", _("Other data")


class RuleType(models.TextChoices):
    LEVELS = "levels", _("Levels")
    PCT_BANDS = "pct_bands", _("Rate bands")
    PROPORTIONAL = "proportional", _("Proportional to a rate")
    BOOLEAN = "boolean", _("Done / not done")
    COUNT = "count", _("Count of items")
    SURVEY_WEIGHTED = "survey_weighted", _("Weighted survey answers")


class Phase(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    APPRAISAL = "appraisal", _("Appraisal")
    EXPLANATION = "explanation", _("Explanation")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class UnitQuerySet(models.QuerySet["Unit"]):
    def active_on(self, day: date) -> "UnitQuerySet":
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class Unit(models.Model):
    """A department, commune, ward or other body whose reform is scored.

    Units are never deleted when they merge or are renamed: they get a `valid_to`
    date and the new unit lists them as predecessors, so past years stay readable.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("predecessors"),
        symmetrical=False,
        blank=True,
        related_name="successors",
        help_text=_("Units merged into or renamed as this one."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["kind", "sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="unit_valid_to_after_valid_from",
                violation_error_message=_("The end of validity cannot precede its start."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indexes:unit-detail", kwargs={"code": self.code})

    def is_active_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


class IndexSet(models.Model):
    """One year's set of criteria (bộ chỉ số) for one or more kinds of unit."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    unit_kinds = models.JSONField(
        _("unit kinds"),
        default=list,
        help_text=_('The kinds of unit scored with this set, e.g. ["ward", "commune"].'),
    )
    legal_basis_number = models.CharField(_("decision number"), max_length=60, blank=True)
    legal_basis_date = models.DateField(_("decision date"), null=True, blank=True)
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.PREPARING
    )
    self_assessment_opens = models.DateField(_("self-assessment opens"), null=True, blank=True)
    self_assessment_closes = models.DateField(_("self-assessment closes"), null=True, blank=True)
    appraisal_opens = models.DateField(_("appraisal opens"), null=True, blank=True)
    appraisal_closes = models.DateField(_("appraisal closes"), null=True, blank=True)
    explanation_opens = models.DateField(_("explanation opens"), null=True, blank=True)
    explanation_closes = models.DateField(_("explanation closes"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("index set")
        verbose_name_plural = _("index sets")
        ordering = ["-year", "code"]
        indexes = [models.Index(fields=["year", "phase"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="index_set_year_plausible",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{window}_closes__isnull": True})
                    | Q(**{f"{window}_opens__isnull": True})
                    | Q(**{f"{window}_closes__gte": F(f"{window}_opens")}),
                    name=f"index_set_{window}_window_ordered",
                    violation_error_message=_("A window cannot close before it opens."),
                )
                for window in ("self_assessment", "appraisal", "explanation")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("indexes:index-set-detail", kwargs={"code": self.code})

    def clean(self) -> None:
        valid_kinds = set(UnitKind.values)
        if not isinstance(self.unit_kinds, list) or not self.unit_kinds:
            raise ValidationError({"unit_kinds": _("Choose at least one kind of unit.")})
        unknown = [kind for kind in self.unit_kinds if kind not in valid_kinds]
        if unknown:
            raise ValidationError(
                {
                    "unit_kinds": _("Unknown kind of unit: %(kinds)s")
                    % {"kinds": ", ".join(map(str, unknown))}
                }
            )

    def unit_kind_labels(self) -> list[str]:
        labels = dict(UnitKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.unit_kinds]


class Target(models.Model):
    """The share of its maximum that a unit must reach on one method's leaves."""

    index_set = models.ForeignKey(
        IndexSet, verbose_name=_("index set"), on_delete=models.CASCADE, related_name="targets"
    )
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    pct = models.DecimalField(_("target (% of max)"), validators=percent_validators, **PERCENT)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["index_set", "method"]
        constraints = [
            models.UniqueConstraint(fields=["index_set", "method"], name="one_target_per_method"),
            models.CheckConstraint(
                condition=Q(pct__gte=0) & Q(pct__lte=100), name="target_pct_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} ≥ {self.pct} %"


class ClassificationThreshold(models.Model):
    """A class (A, B…, or Tốt, Khá…) reached from `min_pct` of the applicable max."""

    index_set = models.ForeignKey(
        IndexSet, verbose_name=_("index set"), on_delete=models.CASCADE, related_name="thresholds"
    )
    code = models.CharField(_("code"), max_length=20)
    label = models.CharField(_("label"), max_length=100)
    label_en = models.CharField(_("label in English"), max_length=100, blank=True)
    min_pct = models.DecimalField(_("from (% of max)"), validators=percent_validators, **PERCENT)

    class Meta:
        verbose_name = _("classification threshold")
        verbose_name_plural = _("classification thresholds")
        ordering = ["index_set", "-min_pct"]
        constraints = [
            models.UniqueConstraint(fields=["index_set", "code"], name="unique_threshold_code"),
            models.UniqueConstraint(fields=["index_set", "min_pct"], name="unique_threshold_min"),
            models.CheckConstraint(
                condition=Q(min_pct__gte=0) & Q(min_pct__lte=100), name="threshold_pct_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} (≥ {self.min_pct} %)"


def code_sort_key(code: str) -> str:
    """Dotted codes sort numerically ("2" before "10") when each part is zero-padded."""
    return ".".join(part.zfill(4) for part in code.split("."))


class Criterion(models.Model):
    """A node of the criteria tree: a field (depth 1), criterion (2) or sub-criterion (3).

    Leaves carry a method and a scoring rule; parents carry neither, and a parent's
    max must equal the sum of its children's (checked before the set leaves preparation).
    """

    index_set = models.ForeignKey(
        IndexSet, verbose_name=_("index set"), on_delete=models.CASCADE, related_name="criteria"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=20)
    sort_key = models.CharField(max_length=60, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False, default=1)
    name = models.CharField(_("name"), max_length=500)
    name_en = models.CharField(_("name in English"), max_length=500, blank=True)
    max_points = models.DecimalField(
        _("max points"), validators=[MinValueValidator(Decimal("0"))], **POINTS
    )
    method = models.CharField(
        _("method"),
        max_length=16,
        choices=Method.choices,
        blank=True,
        help_text=_("Only leaves have a method; leave empty on fields and criteria with children."),
    )
    rule = models.JSONField(_("scoring rule"), default=dict, blank=True)
    evidence_hint = models.TextField(_("evidence hint"), blank=True)
    data_source = models.CharField(_("data source"), max_length=255, blank=True)
    source = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        help_text=_("The node of an earlier set this one continues, for comparisons across years."),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["index_set", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["index_set", "code"], name="unique_criterion_code"),
            models.CheckConstraint(
                condition=Q(max_points__gte=0), name="criterion_max_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(depth__gte=1) & Q(depth__lte=3), name="criterion_depth_1_to_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    def save(self, *args, **kwargs) -> None:
        self.sort_key = code_sort_key(self.code)
        self.depth = self.code.count(".") + 1
        super().save(*args, **kwargs)

    @property
    def is_leaf(self) -> bool:
        return bool(self.method)

    @property
    def field_code(self) -> str:
        return self.code.split(".")[0]

    @property
    def rule_type(self) -> str:
        return str(self.rule.get("type", "")) if isinstance(self.rule, dict) else ""


class NotApplicable(models.Model):
    """A node that does not apply to a unit; it leaves that unit's maximum."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="not_applicable"
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="not_applicable",
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("not-applicable mark")
        verbose_name_plural = _("not-applicable marks")
        ordering = ["unit", "criterion__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "criterion"], name="unique_not_applicable")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.criterion.code}"


class Score(models.Model):
    """A unit's points on one leaf: its own, the appraisers', and the final one.

    `max_points` is copied from the leaf so that the database itself can keep the
    points within [0, max].
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    max_points = models.DecimalField(_("max points"), **POINTS)
    self_points = models.DecimalField(_("self-score"), null=True, blank=True, **POINTS)
    self_input = models.JSONField(
        _("value entered"),
        null=True,
        blank=True,
        help_text=_("What the official entered for the rule (a rate, a level…)."),
    )
    appraised_points = models.DecimalField(_("appraised score"), null=True, blank=True, **POINTS)
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
            models.CheckConstraint(
                condition=Q(self_points__isnull=True)
                | (Q(self_points__gte=0) & Q(self_points__lte=F("max_points"))),
                name="self_points_within_max",
                violation_error_message=_("The self-score must lie between 0 and the max points."),
            ),
            models.CheckConstraint(
                condition=Q(appraised_points__isnull=True)
                | (Q(appraised_points__gte=0) & Q(appraised_points__lte=F("max_points"))),
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

    @property
    def final_points(self) -> Decimal | None:
        """The appraised score once there is one, the self-score before."""
        return self.appraised_points if self.appraised_points is not None else self.self_points


# --- the yearly cycle: self-assessment, evidence, appraisal, explanation, corrections ---


class AssessmentStatus(models.TextChoices):
    """Where a unit stands in a set's cycle; no Assessment row means "not started"."""

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
        default=AssessmentStatus.DRAFT,
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
        return reverse("indexes:evidence-download", kwargs={"pk": self.pk})


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


# --- adjustments: bonus and deduction points (điểm thưởng / điểm trừ) ---------------------


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", _("Bonus")
    DEDUCTION = "deduction", _("Deduction")


class AdjustmentItem(models.Model):
    """A bonus or deduction a set allows, e.g. 0.5 per recognised initiative, at most 1.

    Adjustments are outside the criteria tree: they change a unit's total (never above
    its applicable maximum, never below 0), not its fields or methods.
    """

    index_set = models.ForeignKey(
        IndexSet,
        verbose_name=_("index set"),
        on_delete=models.CASCADE,
        related_name="adjustment_items",
    )
    code = models.CharField(_("code"), max_length=20)
    label = models.CharField(_("label"), max_length=255)
    label_en = models.CharField(_("label in English"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=AdjustmentKind.choices)
    points = models.DecimalField(
        _("points per application"), help_text=_("A positive number."), **POINTS
    )
    cap = models.DecimalField(
        _("cap"),
        null=True,
        blank=True,
        help_text=_("The most points one unit can get (or lose) from this item; empty: no cap."),
        **POINTS,
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("adjustment item")
        verbose_name_plural = _("adjustment items")
        ordering = ["index_set", "kind", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["index_set", "code"], name="unique_adjustment_code"),
            models.CheckConstraint(
                condition=Q(points__gt=0), name="adjustment_item_points_positive"
            ),
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(cap__gt=0), name="adjustment_item_cap_positive"
            ),
        ]

    def __str__(self) -> str:
        sign = "+" if self.kind == AdjustmentKind.BONUS else "−"
        return f"{self.label} ({sign}{self.points})"


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
