"""Checks on uploaded scans of signed commitments: a PDF or an image, and not too large.

The extension alone is not trusted: the first bytes must carry the matching signature,
so a renamed spreadsheet or executable is refused before it reaches storage.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Extension -> the bytes a file of that type starts with.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def validate_scan(file) -> None:
    """Refuse anything but a PDF, PNG or JPEG within settings.UPLOAD_MAX_MB."""
    # A file already in storage was checked when it was uploaded; reading it back on
    # every later save would cost a storage round trip for nothing.
    if getattr(file, "_committed", False):
        return
    extension = extension_of(file.name or "")
    if extension not in SIGNATURES:
        raise ValidationError(
            _("The scan must be a PDF, PNG or JPEG file; “%(name)s” is not.") % {"name": file.name},
            code="scan_type",
        )
    limit_mb = settings.UPLOAD_MAX_MB
    if file.size is not None and file.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("The scan is larger than %(limit)s MB.") % {"limit": limit_mb}, code="scan_size"
        )
    head = _first_bytes(file)
    if not head.startswith(SIGNATURES[extension]):
        raise ValidationError(
            _("“%(name)s” is not really a %(type)s file: its content does not match its name.")
            % {"name": file.name, "type": extension.upper()},
            code="scan_content",
        )


def _first_bytes(file, count: int = 16) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(count)
    file.seek(position)
    return head if isinstance(head, bytes) else head.encode()
