"""Vietnamese numbers use the decimal comma on every page and in every message.

Every main page of every role (the one table of tests/csp_support.py) is read in
Vietnamese, on the demo, as its reader sees it (text, options, tooltips; no scripts), and
each number written with a decimal point is a failure. What must keep its points is
allowed in tests/decimal_scan.py, with the reason for each.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from indexes.models import Criterion, Phase
from tests.assessments.cycle_support import open_set
from tests.conftest import client_for
from tests.csp_support import main_pages, seed_demo_with_a_returned_item
from tests.decimal_scan import decimal_points, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def criterion_codes() -> set[str]:
    return set(Criterion.objects.values_list("code", flat=True))


def test_the_scan_finds_a_decimal_point_and_lets_allowed_points_pass():
    codes = {"3.3.1", "3.3"}
    assert decimal_points(["Chậm (0.5)"], codes=codes) == ["'0.5' in 'Chậm (0.5)'"]
    assert decimal_points(["từ 80 % trở lên → 0.75"], codes=codes) != []
    assert decimal_points(["2.00 điểm"], codes=codes) != []
    allowed = [
        "3.3.1 Tỷ lệ hồ sơ; 3.3",  # criterion codes
        "1.000 hồ sơ; 12.345,5 điểm",  # thousands grouped with points
        "127.0.0.1",  # an address in the sign-in log
        "axe v4.12",  # a version
        "Nghị định 30/2020/NĐ-CP ngày 05/02/2024; 7,5 điểm",
    ]
    assert decimal_points(allowed, codes=codes) == []


def test_every_main_page_of_every_role_writes_numbers_with_the_decimal_comma():
    pages = main_pages(seed_demo_with_a_returned_item())
    codes = criterion_codes()
    found = []
    read = 0
    for username, paths in pages.items():
        client = Client() if username is None else client_for(User.objects.get(username=username))
        for path in paths:
            response = client.get(path)
            if response.get("Content-Type", "").startswith("text/html"):
                read += 1
                found += [
                    f"{username} {path}: {hit}"
                    for hit in decimal_points(visible_text(response.content.decode()), codes=codes)
                ]
    assert read >= 30  # the walk read the pages, not only redirects
    assert found == [], "\n".join(found)


def test_the_survey_import_problems_write_numbers_with_the_decimal_comma(appraiser, unit_a):
    index_set = open_set(phase=Phase.APPRAISAL)  # survey leaf 2.1 gives at most 4 points
    upload = SimpleUploadedFile("khao-sat.csv", b"phuong-a;2.1;99\nphuong-a;2.1;3.125\n")
    response = client_for(appraiser).post(
        reverse("exchange:survey-import", kwargs={"code": index_set.code}), {"file": upload}
    )
    text = visible_text(response.content.decode())
    problems = [line for line in text if line.startswith("Điểm:")]
    assert problems == [
        "Điểm: 99 nằm ngoài khoảng 0 đến 4,00 điểm.",
        "Điểm: 3,125 có hơn hai chữ số thập phân.",
    ]
    assert decimal_points(text, codes=criterion_codes()) == []
