"""Bonus and deduction items a set allows outside its tree (điểm thưởng / điểm trừ)."""

from django.db import models
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from indexes.models.sets import POINTS, IndexSet


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
        return f"{self.label} ({sign}{number_format(self.points)})"
