"""What a set declares once for every unit it fits: nodes that units carrying a tag are
exempt from ("units without administrative procedures skip field 3 and criteria 7.3 and
7.5"), and optional methods not held ("the survey is encouraged, not required")."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indexes.models.criteria import Criterion
from indexes.models.sets import IndexSet, Method
from units.models import Unit, UnitTag


class TagExemption(models.Model):
    """Units carrying `tag` are exempt from `nodes` (and everything below them) in the set."""

    index_set = models.ForeignKey(
        IndexSet,
        verbose_name=_("index set"),
        on_delete=models.CASCADE,
        related_name="tag_exemptions",
    )
    tag = models.ForeignKey(
        UnitTag, verbose_name=_("unit attribute"), on_delete=models.PROTECT, related_name="+"
    )
    nodes = models.ManyToManyField(Criterion, verbose_name=_("exempt nodes"), related_name="+")
    reason = models.CharField(
        _("reason"),
        max_length=255,
        help_text=_("Shown where the nodes do not apply, e.g. “Đơn vị không có TTHC”."),
    )

    class Meta:
        verbose_name = _("exemption by attribute")
        verbose_name_plural = _("exemptions by attribute")
        ordering = ["index_set", "tag__code"]
        constraints = [
            models.UniqueConstraint(fields=["index_set", "tag"], name="one_exemption_per_tag")
        ]

    def __str__(self) -> str:
        return f"{self.index_set} — {self.tag}"


class MethodNotHeld(models.Model):
    """An optional method (e.g. the survey) that was not held for one unit, or for every
    unit of the set when `unit` is empty: its leaves leave the maximum."""

    index_set = models.ForeignKey(
        IndexSet,
        verbose_name=_("index set"),
        on_delete=models.CASCADE,
        related_name="methods_not_held",
    )
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: not held for any unit of the set."),
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("method not held")
        verbose_name_plural = _("methods not held")
        ordering = ["index_set", "method", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["index_set", "method", "unit"], name="method_not_held_once_per_unit"
            ),
            models.UniqueConstraint(
                fields=["index_set", "method"],
                condition=Q(unit__isnull=True),
                name="method_not_held_once_per_set",
            ),
        ]

    def __str__(self) -> str:
        whom = self.unit or _("every unit")
        return f"{self.index_set} — {self.get_method_display()}: {whom}"

    def clean(self) -> None:
        if self.index_set_id is None or not self.method:
            return
        if self.method not in self.index_set.optional_methods:
            raise ValidationError(
                {
                    "method": _(
                        "The set does not make %(method)s optional: only a method it declares "
                        "optional can be not held."
                    )
                    % {"method": self.get_method_display().lower()}
                }
            )
        if self.unit is not None and self.unit.kind not in self.index_set.unit_kinds:
            raise ValidationError({"unit": _("The set does not score units of this kind.")})
