"""Not-applicable marks: a node that does not apply to one unit."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from indexes.models.criteria import Criterion
from units.models import Unit


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
