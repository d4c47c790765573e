"""Commitments (cam kết) and the targets they commit to.

A commitment's status is only draft or signed; whether it was met or missed is computed
from the unit's final scores once the year's results are published (see selectors.py),
so nobody can type a result by hand.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments.validators import CONTENT_TYPES, extension_of, validate_scan
from indexes.models import PERCENT, IndexSet, Method, Target, percent_validators
from units.models import Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

year_validators = [MinValueValidator(2000), MaxValueValidator(2100)]
PLAUSIBLE_YEAR = Q(year__gte=2000) & Q(year__lte=2100)


class CommitmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


def signing_window(year: int) -> tuple[date, date]:
    """Commitments for a year are signed from mid the year before (when the set is
    issued early) to the year's end at the latest; anything else is a typing slip."""
    return date(year - 1, 7, 1), date(year, 12, 31)


def scan_upload_to(commitment: Commitment, filename: str) -> str:
    # A random token keeps names unguessable and lets a new scan replace an old one
    # without overwriting it (the history still points at the old file).
    extension = extension_of(filename) or "bin"
    code = commitment.unit.code if commitment.unit_id else "unit"
    return f"commitments/{commitment.year}/{code}-{secrets.token_hex(8)}.{extension}"


def index_set_for(unit: Unit, year: int) -> IndexSet | None:
    """The set that scores the unit's kind in that year (SQLite cannot query inside JSON
    lists, so the few sets of a year are filtered here)."""
    for index_set in IndexSet.objects.filter(year=year).order_by("code"):
        if unit.kind in (index_set.unit_kinds or []):
            return index_set
    return None


def unit_active_in_year(unit: Unit, year: int) -> bool:
    return (unit.valid_from is None or unit.valid_from <= date(year, 12, 31)) and (
        unit.valid_to is None or unit.valid_to >= date(year, 1, 1)
    )


class Commitment(models.Model):
    """One unit's signed promise to reach its targets on one year's index set."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="commitments"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    index_set = models.ForeignKey(
        IndexSet,
        verbose_name=_("index set"),
        on_delete=models.PROTECT,
        related_name="commitments",
        editable=False,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.DRAFT,
        help_text=_("Met or missed is computed from the results once they are published."),
    )
    signer_name = models.CharField(_("signed by"), max_length=120, blank=True)
    signer_title = models.CharField(
        _("signer's title"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Head of the department, Chair of the ward People's Committee."),
    )
    counterpart_name = models.CharField(_("signed with"), max_length=120, blank=True)
    counterpart_title = models.CharField(
        _("counterpart's title"),
        max_length=200,
        blank=True,
        help_text=_("Usually the chairman of the city People's Committee."),
    )
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    place = models.CharField(
        _("place of signing"),
        max_length=100,
        blank=True,
        help_text=_("Written before the date on the document, e.g. Cao Lãnh."),
    )
    pledges = models.TextField(
        _("further pledges"),
        blank=True,
        help_text=_("What the unit promises beyond the targets, one pledge per line."),
    )
    scan = models.FileField(
        _("signed scan"),
        upload_to=scan_upload_to,
        blank=True,
        max_length=200,
        validators=[validate_scan],
        help_text=_("The signed copy: a PDF, PNG or JPEG file."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-year", "unit__kind", "unit__sort_order", "unit__name"]
        indexes = [models.Index(fields=["year", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="one_commitment_per_unit_and_year",
                violation_error_message=_("This unit already has a commitment for that year."),
            ),
            models.CheckConstraint(condition=PLAUSIBLE_YEAR, name="commitment_year_plausible"),
            models.CheckConstraint(
                condition=~Q(status=CommitmentStatus.SIGNED)
                | (
                    Q(signed_on__isnull=False)
                    & ~Q(scan="")
                    & ~Q(signer_name="")
                    & ~Q(counterpart_name="")
                ),
                name="signed_commitment_is_complete",
                violation_error_message=_(
                    "A signed commitment needs the signing date, both signatories and the scan."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}" if self.unit_id else str(self.year)

    def get_absolute_url(self) -> str:
        return reverse(
            "commitments:detail", kwargs={"year": self.year, "unit_code": self.unit.code}
        )

    @property
    def is_signed(self) -> bool:
        return self.status == CommitmentStatus.SIGNED

    @property
    def scan_content_type(self) -> str:
        return CONTENT_TYPES.get(extension_of(self.scan.name or ""), "application/octet-stream")

    def clean(self) -> None:
        errors: dict[str, list[StrOrPromise]] = {}
        if self.unit_id and self.year:
            self._resolve_index_set(errors)
        if self.signed_on and self.year:
            first, last = signing_window(self.year)
            today = timezone.localdate()
            if not first <= self.signed_on <= last:
                errors.setdefault("signed_on", []).append(
                    _("A commitment for %(year)s is signed between %(first)s and %(last)s.")
                    % {
                        "year": self.year,
                        "first": date_format(first, "SHORT_DATE_FORMAT"),
                        "last": date_format(last, "SHORT_DATE_FORMAT"),
                    }
                )
            elif self.signed_on > today:
                errors.setdefault("signed_on", []).append(
                    _("The signing date cannot be in the future.")
                )
        if self.status == CommitmentStatus.SIGNED:
            required = {
                "signed_on": (
                    self.signed_on,
                    _("Enter the signing date before marking it signed."),
                ),
                "scan": (self.scan, _("Upload the signed scan before marking it signed.")),
                "signer_name": (self.signer_name, _("Enter who signed for the unit.")),
                "counterpart_name": (self.counterpart_name, _("Enter who signed with the unit.")),
            }
            for field, (value, message) in required.items():
                if not value and field not in errors:
                    errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def _resolve_index_set(self, errors: dict[str, list[StrOrPromise]]) -> None:
        unit = self.unit
        if not unit_active_in_year(unit, self.year):
            errors.setdefault("unit", []).append(
                _("%(unit)s did not exist in %(year)s.") % {"unit": unit, "year": self.year}
            )
            return
        index_set = index_set_for(unit, self.year)
        if index_set is None:
            errors.setdefault("year", []).append(
                _("No index set of %(year)s scores units of kind “%(kind)s”; create it first.")
                % {"year": self.year, "kind": unit.get_kind_display()}
            )
            return
        self.index_set = index_set


class CommittedTarget(models.Model):
    """The share of the maximum a unit commits to on one method's leaves.

    `minimum_pct` is the year's own target, copied when the row is validated, so that the
    database itself refuses a commitment weaker than the year's target.
    """

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="targets"
    )
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    pct = models.DecimalField(
        _("committed target (% of max)"), validators=percent_validators, **PERCENT
    )
    minimum_pct = models.DecimalField(
        _("the year's target (% of max)"),
        validators=percent_validators,
        default=0,
        editable=False,
        **PERCENT,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committed target")
        verbose_name_plural = _("committed targets")
        ordering = ["commitment", "method"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "method"],
                name="one_committed_target_per_method",
                violation_error_message=_("Each method has one committed target."),
            ),
            models.CheckConstraint(
                condition=Q(pct__gte=0) & Q(pct__lte=100), name="committed_target_pct_range"
            ),
            models.CheckConstraint(
                condition=Q(minimum_pct__gte=0) & Q(minimum_pct__lte=100),
                name="committed_target_minimum_range",
            ),
            models.CheckConstraint(
                condition=Q(pct__gte=F("minimum_pct")),
                name="committed_target_not_weaker",
                violation_error_message=_("A committed target cannot be below the year's target."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} ≥ {number_format(self.pct)} %"

    def clean(self) -> None:
        index_set_id = self._index_set_id()
        if index_set_id is None or not self.method:
            return
        year_target = Target.objects.filter(index_set_id=index_set_id, method=self.method).first()
        self.minimum_pct = year_target.pct if year_target else 0
        if self.pct is not None and self.pct < self.minimum_pct:
            raise ValidationError(
                {
                    "pct": _(
                        "%(method)s: %(pct)s %% is weaker than the year's target of %(minimum)s %%;"
                        " a commitment may be stricter, never weaker."
                    )
                    % {
                        "method": self.get_method_display(),
                        "pct": number_format(self.pct),
                        "minimum": number_format(self.minimum_pct),
                    }
                }
            )

    def _index_set_id(self) -> int | None:
        try:
            return self.commitment.index_set_id
        except (Commitment.DoesNotExist, IndexSet.DoesNotExist):
            return None
