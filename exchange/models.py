"""The exchange log: every spreadsheet or JSON import and export, who did it and how it went."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    SET_TEMPLATE = "set_template", _("Index-set template downloaded")
    SET_EXPORT = "set_export", _("Index set exported to Excel")
    SET_IMPORT = "set_import", _("Index set imported from Excel")
    SCORE_EXPORT = "score_export", _("Scores exported to Excel")
    SELF_SCORE_IMPORT = "self_score_import", _("Self-scores imported from Excel")
    APPRAISED_SCORE_IMPORT = "appraised_score_import", _("Appraised scores imported from Excel")
    YEAR_EXPORT = "year_export", _("Year exported to Excel")
    YEAR_JSON = "year_json", _("Published year exported to JSON")
    UNITS_EXPORT = "units_export", _("Units exported to Excel")
    UNIT_ATTRIBUTES_IMPORT = "unit_attributes_import", _("Units' attributes imported from Excel")
    SURVEY_IMPORT = "survey_import", _("Survey points imported from a sheet")


IMPORT_ACTIONS = (
    Action.SET_IMPORT,
    Action.SELF_SCORE_IMPORT,
    Action.APPRAISED_SCORE_IMPORT,
    Action.UNIT_ATTRIBUTES_IMPORT,
    Action.SURVEY_IMPORT,
)


class Outcome(models.TextChoices):
    PREVIEWED = "previewed", _("Checked (dry run)")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")


class ExchangeLog(models.Model):
    """One import, dry run or export. Rows are never edited afterwards: they are the audit trail.

    A dry run keeps the uploaded file (`stored_file`) so that the confirmed import reads
    exactly the file that was previewed, without asking for it a second time.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_logs",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("what"), max_length=32, choices=Action.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    stored_file = models.FileField(
        _("stored file"), upload_to="exchange/%Y/%m/", max_length=255, blank=True
    )
    index_set = models.ForeignKey(
        "indexes.IndexSet",
        verbose_name=_("index set"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    index_set_code = models.CharField(_("index set code"), max_length=60, blank=True)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows read"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)
    message = models.TextField(_("details"), blank=True)
    versions = models.JSONField(
        _("versions checked"),
        default=dict,
        blank=True,
        help_text=_(
            "The version of each score a dry run would change: the confirmed import refuses "
            "leaves that someone changed in between."
        ),
    )

    class Meta:
        verbose_name = _("exchange log entry")
        verbose_name_plural = _("exchange log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "action", "outcome"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="done") | Q(problem_count=0),
                name="exchange_done_without_problems",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.username} · {self.created_at:%Y-%m-%d %H:%M}"
