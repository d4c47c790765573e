"""The data versions the dashboards' cache keys are made of."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One scope's data version: a number that changes with every write to its data.

    Scopes: `set:<id>` (the index set and its criteria, targets, classes, not-applicable
    marks, bonus and deduction items, adjustments and scores), `units` (units and their
    predecessors) and `workflow` (assessments, commitments and committed targets). Only
    the database triggers of dashboards/versions.py write these rows, in the transaction
    of the write that changed the data.
    """

    scope = models.CharField(_("scope"), max_length=40, primary_key=True)
    number = models.BigIntegerField(_("number"))

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.scope}: {self.number}"


class UnitDataVersion(models.Model):
    """One unit's data version in one index set: a number that changes with every write
    to the unit's scores or adjustments of that set (the triggers of dashboards/versions.py,
    in the write's transaction, as for DataVersion). A changed set whose shape did not move
    is recomputed for the units whose number moved only (dashboards/incremental.py).

    Plain numbers, not foreign keys: the row is a cache key, and a deleted set or unit
    leaves nothing that a key could find.
    """

    index_set_id = models.BigIntegerField(_("index set"))
    unit_id = models.BigIntegerField(_("unit"))
    number = models.BigIntegerField(_("number"))

    class Meta:
        verbose_name = _("unit data version")
        verbose_name_plural = _("unit data versions")
        constraints = [
            models.UniqueConstraint(
                fields=["index_set_id", "unit_id"], name="dashboards_unit_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"set {self.index_set_id}, unit {self.unit_id}: {self.number}"
