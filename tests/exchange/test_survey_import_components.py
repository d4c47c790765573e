"""A composite survey leaf (the SIPAS components) imported one row per component."""

from decimal import Decimal

import pytest

from assessments.models import Score
from indexes.models import Phase
from tests.assessments.cycle_support import leaf, open_set
from tests.exchange.test_survey_import import checked_and_imported, csv_file, problems_of
from tests.factories import make_criterion

pytestmark = pytest.mark.django_db

COMPONENTS = [
    {"code": "tiep_can", "label": "Tiếp cận dịch vụ", "weight": 20},
    {"code": "thu_tuc", "label": "Thủ tục hành chính", "weight": 20},
    {"code": "cong_chuc", "label": "Công chức giải quyết công việc", "weight": 25},
    {"code": "ket_qua", "label": "Kết quả giải quyết", "weight": 25},
    {"code": "phan_anh", "label": "Tiếp nhận, xử lý góp ý", "weight": 10},
]


@pytest.fixture
def sipas_set():
    """The factory tree plus field 3: one SIPAS leaf worth 5 points, weighted components."""
    index_set = open_set(phase=Phase.APPRAISAL)
    field = make_criterion(index_set, "3", "5")
    make_criterion(
        index_set,
        "3.1",
        "5",
        parent=field,
        method="survey",
        rule={"type": "composite", "combine": "weighted", "components": COMPONENTS},
    )
    return index_set


ROWS = "phuong-a;3.1;80;tiep_can\nphuong-a;3.1;90;thu_tuc\nphuong-a;3.1;84;cong_chuc\n"
LAST_TWO = "phuong-a;3.1;92;ket_qua\nphuong-a;3.1;70;phan_anh\n"


def test_the_components_make_the_points_by_the_sets_weights(appraiser, unit_a, sipas_set):
    upload = csv_file("Đơn vị;Tiêu chí;Tỷ lệ;Thành phần\n" + ROWS + LAST_TWO)
    result = checked_and_imported(user=appraiser, index_set=sipas_set, upload=upload)
    assert result.ok and result.log.created_count == 1
    score = Score.objects.get(unit=unit_a, criterion=leaf(sipas_set, "3.1"))
    # (20·80 + 20·90 + 25·84 + 25·92 + 10·70) / 100 = 85 % of 5 points
    assert score.appraised_points == Decimal("4.25")
    assert score.appraised_input["components"]["cong_chuc"] == "84"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (ROWS, "row 1: 3.1:"),  # two components missing
        (ROWS + LAST_TWO + "phuong-a;3.1;85;tiep_can\n", "row 6: repeats row 1."),
        (ROWS + LAST_TWO.replace("70", "170"), "row 1: 3.1:"),
        ("phuong-a;3.1;4\n", "give one row per component"),
        ("phuong-a;2.1;80;tiep_can\n", "2.1 has no components"),
    ],
)
def test_a_missing_repeated_or_wrong_component_is_named_and_nothing_is_imported(
    appraiser, unit_a, sipas_set, text, problem
):
    result = checked_and_imported(user=appraiser, index_set=sipas_set, upload=csv_file(text))
    problems = problems_of(result)
    assert any(problem in line for line in problems), problems
    assert not Score.objects.filter(unit=unit_a).exists()
