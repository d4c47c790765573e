"""The demo's 2025 restructuring: three new wards from the old city, and two years after it."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from assessments.models import Score
from assessments.results import index_set_results
from demo.restructuring import demo_restructuring_apply
from indexes.models import IndexSet, Phase
from units.models import Unit
from units.restructuring import unit_lineage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_settings(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_carries_the_city_through_the_2025_merger_and_stays_the_same_when_rerun():
    call_command("seed_demo", stdout=StringIO())
    cao_lanh = Unit.objects.get(code="phuong-cao-lanh")
    province = Unit.objects.get(code="tinh-dong-thap", kind="province")
    assert (cao_lanh.kind, cao_lanh.valid_from, cao_lanh.parent) == (
        "ward",
        date(2025, 7, 1),
        province,
    )
    lineage = {unit.code for unit in unit_lineage(cao_lanh)}
    assert {"phuong-1", "phuong-2", "phuong-3", "xa-hoa-an"} <= lineage
    new_wards = Unit.objects.filter(parent=province, kind="ward")
    assert new_wards.count() == 3
    assert sum(ward.predecessors.count() for ward in new_wards) == 14  # + Phường 2 via Phường 1
    assert Unit.objects.get(code="phuong-11").valid_to == date(2025, 6, 30)
    assert Unit.objects.get(code="noi-vu").valid_to == date(2025, 6, 30)
    assert Unit.objects.get(code="phuong-2").valid_to == date(2024, 12, 31)
    assert User.objects.get(username="phuong-1").unit.code == "phuong-1"  # can still play 2024
    assert User.objects.get(username="phuong-cao-lanh", role=Role.OFFICIAL).unit == cao_lanh

    set_2025 = IndexSet.objects.get(code="cao-lanh-xa-2025")
    source = IndexSet.objects.get(code="cao-lanh-xa-2024")
    assert set_2025.phase == Phase.PUBLISHED
    assert set_2025.criteria.filter(source__index_set=source).count() == source.criteria.count()
    results = index_set_results(index_set=set_2025)
    assert [r.unit.code for r in results][:1] == ["phuong-cao-lanh"] and len(results) == 3
    assert all(80 <= r.pct <= 100 for r in results)
    my_tra = next(r for r in results if r.unit.code == "phuong-my-tra")
    assert my_tra.bonus_points == Decimal("0.5") and my_tra.adjustment_points == Decimal("0.5")
    set_2026 = IndexSet.objects.get(code="dong-thap-xa-phuong-2026")
    assert set_2026.phase == Phase.SELF_ASSESSMENT
    assert Score.objects.filter(criterion__index_set=set_2026).exists()
    assert not Score.objects.filter(
        criterion__index_set=set_2026, appraised_points__isnull=False
    ).exists()

    before = sorted(
        Score.objects.values_list("unit__code", "criterion_id", "self_points", "appraised_points")
    )
    call_command("seed_demo", stdout=StringIO())
    assert demo_restructuring_apply() == 0
    after = sorted(
        Score.objects.values_list("unit__code", "criterion_id", "self_points", "appraised_points")
    )
    assert after == before
    assert Unit.objects.get(code="phuong-11").valid_to == date(2025, 6, 30)
