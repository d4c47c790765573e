"""Index sets, the criteria tree, targets, classes, not-applicable marks and the
bonus and deduction items a set allows.

Points are Decimal with two places everywhere; arithmetic lives in the `scoring` package.
"""

from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from units.models import Unit, UnitKind


class DecimalShape(TypedDict):
    """Digits of a DecimalField, typed so that `**POINTS` checks against its keywords."""

    max_digits: int
    decimal_places: int


POINTS: DecimalShape = {"max_digits": 6, "decimal_places": 2}
PERCENT: DecimalShape = {"max_digits": 5, "decimal_places": 2}
percent_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


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
