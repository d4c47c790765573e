"""Set-ups shared by the evidence library's tests."""

import io
import zipfile
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from indexes.models import NotApplicable, Phase
from tests.factories import make_index_set

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def today():
    return timezone.localdate()


def year_set(*, year: int = 2024, phase: str = Phase.PREPARING, **overrides):
    """A set of `year` for wards and communes (the factory's 5-leaf tree: 1.1, 1.2.1 and
    1.2.2 the unit evidences, 2.1 a survey leaf)."""
    return make_index_set(year=year, phase=phase, **overrides)


def open_year_set(**overrides):
    """The same, its self-assessment open today."""
    values = {
        "phase": Phase.SELF_ASSESSMENT,
        "self_assessment_opens": today() - timedelta(days=5),
        "self_assessment_closes": today() + timedelta(days=10),
    }
    return year_set(**(values | overrides))


def leaf(index_set, code):
    return index_set.criteria.get(code=code)


def mark_not_applicable(unit, index_set, code, reason="Không có TTHC"):
    return NotApplicable.objects.create(unit=unit, criterion=leaf(index_set, code), reason=reason)


def pdf(name="quyet-dinh.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(name="bao-cao.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def stored_files(settings) -> list:
    """Every file under MEDIA_ROOT (a fresh folder per test)."""
    from pathlib import Path

    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
