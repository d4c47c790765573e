"""Checks on uploaded evidence files: type by extension AND by content, and size.

A renamed file (an .exe called report.pdf) is refused because its first bytes do not
match its extension; Word and Excel files of 2007 and later are zip packages, so their
package is opened to see that it holds a document of the kind the extension claims.
"""

import zipfile
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and .xls (Office 97-2003)
ZIP = b"PK\x03\x04"
SIGNATURES: dict[str, tuple[str, bytes]] = {
    ".pdf": ("PDF", b"%PDF-"),
    ".doc": ("Word", OLE2),
    ".docx": ("Word", ZIP),
    ".xls": ("Excel", OLE2),
    ".xlsx": ("Excel", ZIP),
    ".png": ("PNG", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("JPEG", b"\xff\xd8\xff"),
    ".jpeg": ("JPEG", b"\xff\xd8\xff"),
}
# The folder inside the zip package that a real Word or Excel document has.
PACKAGE_FOLDERS = {".docx": "word/", ".xlsx": "xl/"}
ACCEPT = ",".join(SIGNATURES)  # for <input type=file accept=...>


def max_bytes() -> int:
    return int(settings.UPLOAD_MAX_MB) * 1024 * 1024


def validate_evidence_file(upload: UploadedFile) -> None:
    """Raise ValidationError, in the user's language, unless the file is acceptable."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SIGNATURES:
        raise ValidationError(
            _('"%(name)s" is not an accepted type. Accepted: PDF, Word, Excel, PNG and JPEG.'),
            code="file_type",
            params={"name": name},
        )
    if upload.size is not None and upload.size > max_bytes():
        raise ValidationError(
            _('"%(name)s" is %(size)s MB; the limit is %(limit)s MB per file.'),
            code="file_size",
            params={
                "name": name,
                "size": f"{upload.size / 1024 / 1024:.1f}",
                "limit": settings.UPLOAD_MAX_MB,
            },
        )
    if not upload.size:
        raise ValidationError(_('"%(name)s" is empty.'), code="file_empty", params={"name": name})
    kind, signature = SIGNATURES[suffix]
    if not _content_matches(upload, suffix, signature):
        raise ValidationError(
            _('"%(name)s" is not a real %(kind)s file: its content does not match its extension.'),
            code="file_content",
            params={"name": name, "kind": kind},
        )


def _content_matches(upload: UploadedFile, suffix: str, signature: bytes) -> bool:
    upload.seek(0)
    head = upload.read(len(signature))
    upload.seek(0)
    if head != signature:
        return False
    folder = PACKAGE_FOLDERS.get(suffix)
    if folder is None:
        return True
    try:
        with zipfile.ZipFile(upload) as package:
            return any(member.startswith(folder) for member in package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


MAX_FILES_PER_LEAF = 10


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Zero or more evidence files for one leaf, each checked on its own."""

    widget = MultipleFileInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"multiple": True, "accept": ACCEPT})

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        if len(files) > MAX_FILES_PER_LEAF:
            raise ValidationError(
                _("Attach at most %(count)s files at a time."),
                code="too_many_files",
                params={"count": MAX_FILES_PER_LEAF},
            )
        errors = []
        for upload in files:
            try:
                validate_evidence_file(upload)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return files
