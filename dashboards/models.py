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
