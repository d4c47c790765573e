"""The demo's evidence library: 2024 documents of three units, with both warnings."""

from io import StringIO

import pytest
from django.utils import translation

from accounts.models import Role
from demo.library import seed_library_demo
from plans.library_selectors import library_documents
from plans.models import LibraryDocument
from tests.factories import make_criterion, make_index_set, make_unit, make_user


@pytest.fixture
def demo_units(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    index_set = make_index_set(year=2024, unit_kinds=["ward", "commune", "department"])
    field = make_criterion(index_set, "3", "6")
    for n in range(1, 7):
        make_criterion(index_set, f"3.{n}", "1", parent=field, method="appraisal")
    units = [
        make_unit(code="phuong-1", kind="ward"),
        make_unit(code="xa-my-tan", kind="commune"),
        make_unit(code="noi-vu", kind="department"),
    ]
    for unit in units:
        make_user(role=Role.OFFICIAL, unit=unit, username=unit.code)
    return index_set, units


def test_the_demo_library_has_both_warnings_and_runs_twice(demo_units):
    index_set, units = demo_units
    with translation.override("en"):
        out = StringIO()
        assert seed_library_demo(stdout=out) == 6
        assert seed_library_demo(stdout=StringIO()) == 0
        assert "6 documents of 2024" in out.getvalue()
        warnings = [
            warning
            for unit in units
            for document in library_documents(unit=unit, index_set=index_set)
            for warning in document.warnings
        ]
    assert LibraryDocument.objects.values("unit").distinct().count() == 3
    assert any("outside the assessed year 2024" in warning for warning in warnings)
    assert any("Tagged to 5 leaves" in warning for warning in warnings)
    assert all(d.file.open("rb").read(5) == b"%PDF-" for d in LibraryDocument.objects.all())
