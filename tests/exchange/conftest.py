"""Helpers that write real .xlsx files with openpyxl, as an official's Excel would."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook


def xlsx_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes | Workbook, name: str = "file.xlsx") -> SimpleUploadedFile:
    if isinstance(data, Workbook):
        data = xlsx_bytes(data)
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def read_response_workbook(response) -> Workbook:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(body))


def opened(uploaded):
    """An upload (or a workbook) opened as every import opens it (streamed, read-only)."""
    from exchange.workbook import open_workbook

    if isinstance(uploaded, Workbook):
        return open_workbook(xlsx_bytes(uploaded))
    uploaded.seek(0)
    return open_workbook(uploaded.read())


def saved(workbook: Workbook, tmp_path, name: str = "file.xlsx"):
    """Write the workbook to a real file in tmp_path and return it reopened for upload."""
    path = tmp_path / name
    workbook.save(path)
    return upload(path.read_bytes(), name)


@pytest.fixture
def small_limits(settings):
    settings.EXCHANGE_MAX_ROWS = 50
    return settings


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English (the source text); pages follow LANGUAGE_CODE since
    the Vietnamese-first middleware ignores the browser. Tests of the Vietnamese decimal
    comma switch back with translation.override("vi")."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
