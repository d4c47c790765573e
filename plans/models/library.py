"""A unit's evidence library for one year: documents gathered as the work is done, tagged
to the leaves of the year's set, ready to attach to the self-assessment without a copy."""

import uuid
from pathlib import PurePath

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import user_stamp
from indexes.models import Criterion, IndexSet
from units.models import Unit


def library_upload_to(instance: "LibraryDocument", filename: str) -> str:
    """library/<year>/<unit code>/<random>.<ext>: as for evidence, the name users typed is
    kept in a field and never reaches the storage."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"library/{instance.index_set.year}/{instance.unit.code}/{uuid.uuid4().hex}{suffix}"


class LibraryDocument(models.Model):
    """One document in a unit's library for the year of `index_set` (the set that scores
    the unit that year). Never deleted: removing it stamps `removed_at`, so evidence that
    points at its file keeps working."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="library_documents"
    )
    index_set = models.ForeignKey(
        IndexSet,
        verbose_name=_("index set"),
        on_delete=models.PROTECT,
        related_name="library_documents",
    )
    file = models.FileField(_("file"), upload_to=library_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    section = models.CharField(_("section or page that counts"), max_length=255, blank=True)
    leaves = models.ManyToManyField(
        Criterion, verbose_name=_("leaves"), blank=True, related_name="library_documents"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = user_stamp(_("uploaded by"))
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = user_stamp(_("removed by"))

    history = HistoricalRecords(m2m_fields=[leaves])

    class Meta:
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")
        ordering = ["unit", "-uploaded_at", "pk"]
        indexes = [models.Index(fields=["unit", "index_set"])]

    def __str__(self) -> str:
        return self.original_name
