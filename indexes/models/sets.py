"""Index sets (bộ chỉ số): one year's set for some kinds of unit, with its targets and
classification thresholds; the choices their fields take; point and percent shapes."""

from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from units.models import UnitKind


class DecimalShape(TypedDict):
    """Digits of a DecimalField, typed so that `**POINTS` checks against its keywords."""

    max_digits: int
    decimal_places: int


POINTS: DecimalShape = {"max_digits": 6, "decimal_places": 2}
PERCENT: DecimalShape = {"max_digits": 5, "decimal_places": 2}
percent_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
DEFAULT_REMINDER_DAYS = "7,3,1"
LONGEST_REMINDER_DAYS = 90


def reminder_days_parsed(text: str) -> list[int]:
    """The days before a window closes on which units are reminded, from "7,3,1" (largest
    first); ValueError for anything but distinct whole numbers from 1 to 90."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    days = [int(part) for part in parts if part.isdigit()]
    if len(days) != len(parts) or len(set(days)) != len(days):
        raise ValueError(text)
    if any(day < 1 or day > LONGEST_REMINDER_DAYS for day in days):
        raise ValueError(text)
    return sorted(days, reverse=True)


def validate_reminder_days(value: str) -> None:
    try:
        reminder_days_parsed(value)
    except ValueError:
        raise ValidationError(
            _(
                "Write the days as distinct whole numbers from 1 to %(longest)s separated by "
                "commas, e.g. 7,3,1 (empty: no reminders)."
            ),
            params={"longest": LONGEST_REMINDER_DAYS},
            code="reminder_days",
        ) from None


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
    COUNTS = "counts", _("Two counts and their rate")
    FORMULA = "formula", _("Formula over named inputs")
    COMPOSITE = "composite", _("Composite of component indexes")


class Phase(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    APPRAISAL = "appraisal", _("Appraisal")
    EXPLANATION = "explanation", _("Explanation")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


# The cycle's three windows, each an opening and a closing date on the set.
WINDOWS = ("self_assessment", "appraisal", "explanation")
WINDOW_FIELDS = tuple(f"{window}_{end}" for window in WINDOWS for end in ("opens", "closes"))
# What a set declares of itself as real published sets do: depth, optional methods, bounds.
DECLARATION_FIELDS = ("max_depth", "optional_methods", "may_exceed_max", "may_fall_below_zero")


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
    reminder_days = models.CharField(
        _("reminder days"),
        max_length=60,
        blank=True,
        default=DEFAULT_REMINDER_DAYS,
        validators=[validate_reminder_days],
        help_text=_(
            "Days before the self-assessment closes on which units that have not submitted "
            "are reminded, e.g. 7,3,1."
        ),
    )
    # What real published sets declare about themselves (issue 11).
    max_depth = models.PositiveSmallIntegerField(
        _("levels of the tree"),
        default=3,
        validators=[MinValueValidator(3), MaxValueValidator(4)],
        help_text=_("3 (field, criterion, sub-criterion) or 4 where the set numbers a fourth."),
    )
    optional_methods = models.JSONField(
        _("optional methods"),
        default=list,
        blank=True,
        help_text=_(
            'Methods the set makes optional, e.g. ["survey"] ("khuyến khích, không bắt buộc"): '
            "where one is not held, its leaves leave the unit's maximum."
        ),
    )
    may_exceed_max = models.BooleanField(
        _("totals may pass the maximum"),
        default=False,
        help_text=_("Whether bonus points may lift a total above 100 % of its maximum."),
    )
    may_fall_below_zero = models.BooleanField(
        _("totals may fall below 0"),
        default=False,
        help_text=_("Whether deductions may take a total below 0 points."),
    )

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
            models.CheckConstraint(
                condition=Q(max_depth__gte=3) & Q(max_depth__lte=4), name="index_set_depth_3_or_4"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{window}_closes__isnull": True})
                    | Q(**{f"{window}_opens__isnull": True})
                    | Q(**{f"{window}_closes__gte": F(f"{window}_opens")}),
                    name=f"index_set_{window}_window_ordered",
                    violation_error_message=_("A window cannot close before it opens."),
                )
                for window in WINDOWS
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
        methods = self.optional_methods
        if not isinstance(methods, list) or any(m not in Method.values for m in methods):
            raise ValidationError(
                {"optional_methods": _("Optional methods are among: appraisal, survey, other.")}
            )

    def reminder_day_list(self) -> list[int]:
        """The set's reminder days (none when the stored text is not valid)."""
        try:
            return reminder_days_parsed(self.reminder_days)
        except ValueError:
            return []

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
        return f"{self.get_method_display()} ≥ {number_format(self.pct)} %"


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
        return f"{self.label} (≥ {number_format(self.min_pct)} %)"
