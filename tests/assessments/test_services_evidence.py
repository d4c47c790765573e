"""Evidence files: accepted types checked by extension and by content, and the size limit."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.evidence import validate_evidence_file
from tests.assessments.cycle_support import PDF, PNG


def office_package(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(f"{folder}document.xml", "<x/>")
    return buffer.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ke-hoach.pdf", PDF),
        ("BAO-CAO.PDF", PDF),
        ("bien-ban.docx", office_package("word/")),
        ("so-lieu.xlsx", office_package("xl/")),
        ("cu.doc", OLE2),
        ("cu.xls", OLE2),
        ("anh.png", PNG),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16),
        ("anh.jpeg", b"\xff\xd8\xff\xe1" + b"\x00" * 16),
    ],
)
def test_pdf_word_excel_and_images_are_accepted(name, content):
    validate_evidence_file(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("virus.exe", b"MZ\x90\x00", "is not an accepted type"),
        ("ghi-chu.txt", b"hello", "is not an accepted type"),
        ("khong-duoi", PDF, "is not an accepted type"),
        ("gia.pdf", b"MZ\x90\x00 not a pdf", "is not a real PDF file"),
        ("gia.docx", office_package("xl/"), "is not a real Word file"),
        ("gia.xlsx", b"PK\x03\x04 broken zip", "is not a real Excel file"),
        ("gia.png", PDF, "is not a real PNG file"),
        ("rong.pdf", b"", "is empty"),
    ],
)
def test_wrong_types_and_renamed_files_are_refused_with_a_reason(name, content, says):
    with pytest.raises(ValidationError) as error:
        validate_evidence_file(SimpleUploadedFile(name, content))
    assert says in error.value.messages[0]
    assert name in error.value.messages[0]


def test_the_size_limit_comes_from_the_settings(settings):
    settings.UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        validate_evidence_file(big)
    assert "the limit is 1 MB" in error.value.messages[0]
    settings.UPLOAD_MAX_MB = 2
    validate_evidence_file(big)
