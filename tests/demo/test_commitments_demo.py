"""The demo: 2022 awards and initiatives, and signed 2023 commitments for every unit."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import F
from django.utils import translation

from commitments.models import Award, Commitment, CommittedTarget, Initiative
from commitments.selectors import commitments_for_year
from demo.commitments import minimal_pdf, seed_commitments_demo
from tests.factories import make_index_set, make_unit

pytestmark = pytest.mark.django_db


def test_the_generated_scan_is_a_well_formed_pdf():
    pdf = minimal_pdf(["BAN CAM KET (demo)", "Phuong 1"])
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    xref_at = int(re.search(rb"startxref\n(\d+)", pdf).group(1))
    assert pdf[xref_at:].startswith(b"xref")
    offsets = [int(n) for n in re.findall(rb"(\d{10}) 00000 n", pdf)]
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(f"{number} 0 obj".encode())
    assert b"BAN CAM KET \\(demo\\)" in pdf  # parentheses escaped in the text string


def test_the_demo_seeds_on_small_data_and_runs_twice_without_duplicates():
    make_index_set(code="xa-2022", year=2022)
    make_index_set(code="xa-2023", year=2023)
    units = [make_unit(kind="ward") for _ in range(4)]
    out = StringIO()
    # The default language; pinned, as a request made in English by an earlier test leaves
    # English active in this thread.
    with translation.override(settings.LANGUAGE_CODE):
        seed_commitments_demo(stdout=out)
    seed_commitments_demo()
    assert "4 cam kết đã ký năm 2023" in out.getvalue()
    assert Commitment.objects.filter(year=2023, status="signed").count() == len(units)
    assert Award.objects.filter(kind="individual").count() == 12
    assert Initiative.objects.count() == 5
    assert all(c.scan.read(5) == b"%PDF-" for c in Commitment.objects.all())


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # the demo refuses to run without it
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        call_command("seed_demo", stdout=StringIO())


def test_make_run_seeds_the_source_events_awards_and_27_signed_commitments(demo):
    awards = Counter(Award.objects.filter(year=2022).values_list("kind", flat=True))
    assert awards == {"collective": 6, "individual": 12}
    assert Initiative.objects.filter(year=2022).count() == 5
    commitments = Commitment.objects.filter(year=2023).select_related("unit")
    assert commitments.count() == 27
    assert {c.status for c in commitments} == {"signed"}
    assert all(c.signer_name and c.counterpart_title and c.scan for c in commitments)
    stricter = CommittedTarget.objects.filter(commitment__year=2023, pct__gt=F("minimum_pct"))
    assert stricter.values("commitment").distinct().count() >= 3
    # 2023 is published in the demo: a leader sees which of the 27 were met.
    statuses = Counter(s.status for s in commitments_for_year(year=2023).values())
    assert statuses["met"] + statuses["missed"] == 27 and statuses["met"] >= 1
