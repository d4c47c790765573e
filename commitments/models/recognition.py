"""Awards (khen thưởng) and initiatives (mô hình, sáng kiến) of a year's reform results."""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments.models.commitments import PLAUSIBLE_YEAR, year_validators
from units.models import Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class AwardKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class Award(models.Model):
    """A commendation for a year's reform results, to a unit or to one of its people."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=year_validators, help_text=_("The year whose results are rewarded.")
    )
    kind = models.CharField(_("recipient"), max_length=12, choices=AwardKind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="awards"
    )
    person_name = models.CharField(
        _("person"), max_length=120, blank=True, help_text=_("Only for an individual award.")
    )
    person_title = models.CharField(_("person's title"), max_length=200, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    reason = models.TextField(_("reason"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-year", "kind", "unit__kind", "unit__sort_order", "person_name"]
        constraints = [
            models.CheckConstraint(condition=PLAUSIBLE_YEAR, name="award_year_plausible"),
            models.CheckConstraint(
                condition=(Q(kind=AwardKind.COLLECTIVE) & Q(person_name=""))
                | (Q(kind=AwardKind.INDIVIDUAL) & ~Q(person_name="")),
                name="award_recipient_matches_kind",
                violation_error_message=_(
                    "An individual award names the person; a collective award does not."
                ),
            ),
        ]

    def __str__(self) -> str:
        who = self.person_name if self.kind == AwardKind.INDIVIDUAL else str(self.unit)
        return f"{who} ({self.year})"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.kind == AwardKind.INDIVIDUAL and not self.person_name.strip():
            errors["person_name"] = _("Name the person who receives the award.")
        if self.kind == AwardKind.COLLECTIVE and self.person_name.strip():
            errors["person_name"] = _(
                "A collective award goes to the unit; leave the person empty."
            )
        # Results of a year are rewarded in that year or, most often, early the next.
        if (
            self.decision_date
            and self.year
            and not (self.year <= self.decision_date.year <= self.year + 1)
        ):
            errors["decision_date"] = _(
                "An award for %(year)s is decided in %(year)s or %(next)s."
            ) % {"year": self.year, "next": self.year + 1}
        if errors:
            raise ValidationError(errors)


class Initiative(models.Model):
    """A new reform model or initiative (mô hình, sáng kiến) a unit applied in a year."""

    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="initiatives"
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    applied_on = models.DateField(_("applied since"), null=True, blank=True)
    recognised = models.BooleanField(
        _("recognised"), default=False, help_text=_("Recognised by the competent authority.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("initiative or model")
        verbose_name_plural = _("initiatives and models")
        ordering = ["-year", "unit__kind", "unit__sort_order", "title"]
        constraints = [
            models.CheckConstraint(condition=PLAUSIBLE_YEAR, name="initiative_year_plausible"),
            models.UniqueConstraint(
                fields=["unit", "year", "title"],
                name="unique_initiative_title",
                violation_error_message=_(
                    "The unit already has an initiative of that title that year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.applied_on and self.year and self.applied_on.year > self.year:
            raise ValidationError(
                {
                    "applied_on": _("An initiative counted for %(year)s was applied by then.")
                    % {"year": self.year}
                }
            )
