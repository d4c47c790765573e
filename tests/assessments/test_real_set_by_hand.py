"""The issue's "done": a real-shaped set with all eight features (demo/data/
dong-thap-so-nganh-2026.yaml) is imported, two departments fill in the form as officials
do, and their totals equal a computation by hand from the set's rules.

By hand, for a department that holds no survey (the set makes it optional) — points of
each leaf from what the official types:

  field 1 (12): 1.1.1 "Chậm" 0,5 · 1.1.2 90 % ("từ 70 % đến 90 %") 1 · 1.2 done 2 ·
                1.3 "Hoàn thành một phần" 1 · 1.4.1.1 done 1 · 1.4.1.2 3 of 4 = 75 % of 2 = 1,5 ·
                1.5 9 of 10 = 90 % (80 ≤ rate < 100) 1 · 1.6 two late reports × −0,5 = −1  → 7
  field 2 (8):  2.1 100 % 4 · 2.2 min(3 / 4 × 4, 4) = 3                                 → 7
  field 3 (14): 3.1 done 3 · 3.2 45 of 50 = 90 % (not "trên 90 %") 3 · 3.3 80 % of 5 = 4 → 10
  field 4 (8):  4.1 "Còn tồn tại" 2 · 4.2 not done 0                                    → 2
  field 5 (10): 5.1 95 % 5 · 5.2 50 % of 5 = 2,5                                        → 7,5
  field 6 (6):  6.1 done 3 · 6.2 100 % of 3 = 3                                         → 6
  field 7 (12): 7.1 40 of 100 = 40 %, under the floor of 50 % → 0 · 7.2 90 % 3 ·
                7.3 50 % of 2 = 1 · 7.4 done 2 · 7.5 100 % of 2 = 2                     → 8
  field 8 (30): the survey, not held → out of the maximum
  field 9:      bonus 9.1 three initiatives × 0,5 = 1,5, capped at 1 · 9.2 done 1       → +2

  total 47,5 + 2 = 49,5 of 100 − 30 = 70 points → 70,71 %.

A department without administrative procedures (the set exempts it from field 3 and from
7.3 and 7.5) types the same where it applies: 49,5 − 10 − 1 − 2 = 36,5 of 70 − 14 − 2 − 2
= 52 points → 70,19 %.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from assessments.models import Score
from assessments.results import index_set_results
from indexes.importing import index_set_import, load_index_set_yaml
from indexes.models import MethodNotHeld, Phase
from tests.assessments.cycle_support import leaf, self_assessment_data, self_assessment_url, today
from tests.conftest import client_for
from tests.factories import make_unit, make_user
from units.models import UnitTag

pytestmark = pytest.mark.django_db

DONG_THAP = Path(__file__).resolve().parents[2] / "demo" / "data" / "dong-thap-so-nganh-2026.yaml"

TYPED: dict[str, dict[str, str]] = {
    "1.1.1": {"value": "1"},  # the second level, "Chậm"
    "1.1.2": {"value": "90"},
    "1.2": {"value": "yes"},
    "1.3": {"value": "1"},  # "Hoàn thành một phần"
    "1.4.1.1": {"value": "yes"},
    "1.4.1.2": {"value_numerator": "3", "value_denominator": "4"},
    "1.5": {"value_numerator": "9", "value_denominator": "10"},
    "1.6": {"value": "2"},
    "2.1": {"value": "100"},
    "2.2": {"value_dung_han": "3", "value_ke_hoach": "4"},
    "3.1": {"value": "yes"},
    "3.2": {"value_numerator": "45", "value_denominator": "50"},
    "3.3": {"value": "80"},
    "4.1": {"value": "1"},  # "Còn tồn tại"
    "4.2": {"value": "no"},
    "5.1": {"value": "95"},
    "5.2": {"value": "50"},
    "6.1": {"value": "yes"},
    "6.2": {"value": "100"},
    "7.1": {"value_numerator": "40", "value_denominator": "100"},
    "7.2": {"value": "90"},
    "7.3": {"value": "50"},
    "7.4": {"value": "yes"},
    "7.5": {"value": "100"},
    "9.1": {"value": "3"},
    "9.2": {"value": "yes"},
}
EXEMPT = {"3.1", "3.2", "3.3", "7.3", "7.5"}


@pytest.fixture
def dong_thap():
    data = load_index_set_yaml(DONG_THAP.read_text(encoding="utf-8"))
    index_set = index_set_import(data=data)
    index_set.phase = Phase.SELF_ASSESSMENT
    index_set.self_assessment_opens = today() - timedelta(days=1)
    index_set.self_assessment_closes = today() + timedelta(days=10)
    index_set.save()
    return index_set


def fill_in(unit, index_set, codes):
    official = make_user(unit=unit, username=f"official-{unit.code}")
    data = self_assessment_data(unit, index_set)
    for code in codes:
        for part, value in TYPED[code].items():
            data[f"leaf-{leaf(index_set, code).pk}-{part}"] = value
    response = client_for(official).post(self_assessment_url(unit, index_set), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_two_departments_scored_through_the_form_total_what_the_rules_give_by_hand(dong_thap):
    with_procedures = make_unit(code="so-tu-phap", name="Sở Tư pháp", kind="department")
    without = make_unit(code="ban-dan-toc", name="Ban Dân tộc", kind="department")
    without.tags.add(UnitTag.objects.get(code="khong-tthc"))
    for unit in (with_procedures, without):
        MethodNotHeld.objects.create(index_set=dong_thap, method="survey", unit=unit)

    fill_in(with_procedures, dong_thap, TYPED)
    fill_in(without, dong_thap, set(TYPED) - EXEMPT)

    def points(unit, code):
        return Score.objects.get(unit=unit, criterion=leaf(dong_thap, code)).self_points

    # A few leaves as the text of the set says they score.
    assert points(with_procedures, "1.1.2") == Decimal("1.00")  # 90 %: "từ 70 % đến 90 %"
    assert points(with_procedures, "1.6") == Decimal("-1.00")
    assert points(with_procedures, "2.2") == Decimal("3.00")
    assert points(with_procedures, "3.2") == Decimal("3.00")
    assert points(with_procedures, "7.1") == Decimal("0.00")  # under the floor
    assert points(with_procedures, "9.1") == Decimal("1.00")  # the bonus's cap

    results = {r.unit: r for r in index_set_results(index_set=dong_thap, basis="self")}
    first, second = results[with_procedures], results[without]
    assert (first.rollup.total.points, first.rollup.total.max_points) == (Decimal("49.5"), 70)
    assert first.pct == Decimal("70.71")
    assert (second.rollup.total.points, second.rollup.total.max_points) == (Decimal("36.5"), 52)
    assert second.pct == Decimal("70.19")
    assert "survey" not in first.rollup.by_method
    assert first.rollup.by_field["1"].points == Decimal("7")
