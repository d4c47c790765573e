"""Rules with several inputs and deduction lines on the self-assessment form: two counts,
a formula's named inputs, a count of violations below zero."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Score
from indexes.models import Phase
from tests.assessments.cycle_support import (
    appraisal_data,
    leaf,
    open_set,
    self_assessment_data,
    self_assessment_url,
)
from tests.conftest import client_for, english_client
from tests.factories import make_criterion, make_deduction_line

pytestmark = pytest.mark.django_db

ON_TIME = "Hồ sơ giải quyết đúng hạn"
ALL_FILES = "Tổng số hồ sơ đã giải quyết"


@pytest.fixture
def index_set():
    """The factory tree plus field 3: a counts leaf with exact bands, a formula leaf and a
    deduction line (−0,5 per late report, at most −2)."""
    index_set = open_set()
    field = make_criterion(index_set, "3", "6")
    bands = [
        {"min": 90, "min_inclusive": False, "points": 2},
        {"min": 70, "max": 90, "points": 1},
        {"max": 70, "max_inclusive": False, "points": 0},
    ]
    make_criterion(
        index_set,
        "3.1",
        "2",
        parent=field,
        method="appraisal",
        rule={"type": "counts", "numerator": ON_TIME, "denominator": ALL_FILES, "bands": bands},
    )
    make_criterion(
        index_set,
        "3.2",
        "4",
        parent=field,
        method="appraisal",
        rule={
            "type": "formula",
            "inputs": [
                {"name": "dung_han", "label": "Văn bản đúng kế hoạch"},
                {"name": "ke_hoach", "label": "Văn bản theo kế hoạch"},
            ],
            "expression": "min(dung_han / ke_hoach * 4, 4)",
        },
    )
    make_deduction_line(index_set, "3.3", field)
    return index_set


def post(client, unit, index_set, values: dict[str, dict[str, str]]):
    data = self_assessment_data(unit, index_set)
    for code, parts in values.items():
        criterion = leaf(index_set, code)
        for part, value in parts.items():
            data[f"leaf-{criterion.pk}-{part}"] = value
    return client.post(self_assessment_url(unit, index_set), data)


def points(unit, index_set, code):
    return Score.objects.get(unit=unit, criterion=leaf(index_set, code)).self_points


def test_the_form_asks_for_each_count_and_each_input_in_the_rules_words(
    official_a, unit_a, index_set
):
    page = client_for(official_a).get(self_assessment_url(unit_a, index_set)).content.decode()
    for words in (ON_TIME, ALL_FILES, "Văn bản đúng kế hoạch", "Văn bản theo kế hoạch"):
        assert words in page
    counts = leaf(index_set, "3.1").pk
    assert f'name="leaf-{counts}-value_numerator"' in page
    assert f'name="leaf-{counts}-value_denominator"' in page


@pytest.mark.parametrize(
    ("on_time", "total", "expected"),
    # 92 % is "trên 90 %"; 90 % exactly is "từ 70 % đến 90 %"; 69 % is "dưới 70 %".
    [("46", "50", "2.00"), ("45", "50", "1.00"), ("69", "100", "0.00")],
)
def test_two_counts_score_by_the_rate_they_give_with_the_edges_as_written(
    official_a, unit_a, index_set, on_time, total, expected
):
    response = post(
        client_for(official_a),
        unit_a,
        index_set,
        {"3.1": {"value_numerator": on_time, "value_denominator": total}},
    )
    assert response.status_code == 302
    assert points(unit_a, index_set, "3.1") == Decimal(expected)
    score = Score.objects.get(unit=unit_a, criterion=leaf(index_set, "3.1"))
    assert score.self_input == {"counts": {"numerator": on_time, "denominator": total}}


def test_a_formula_is_evaluated_over_the_typed_inputs(official_a, unit_a, index_set):
    response = post(
        client_for(official_a),
        unit_a,
        index_set,
        {"3.2": {"value_dung_han": "3", "value_ke_hoach": "4"}},
    )
    assert response.status_code == 302
    assert points(unit_a, index_set, "3.2") == Decimal("3.00")


def test_a_deduction_line_takes_points_down_to_its_cap(official_a, unit_a, index_set):
    response = post(client_for(official_a), unit_a, index_set, {"3.3": {"value": "5"}})
    assert response.status_code == 302
    assert points(unit_a, index_set, "3.3") == Decimal("-2.00")  # 5 × −0,5 = −2,5, capped


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"3.1": {"value_numerator": "51", "value_denominator": "50"}}, "51"),
        ({"3.1": {"value_numerator": "45", "value_denominator": ""}}, ALL_FILES),
        ({"3.1": {"value_numerator": "4,5", "value_denominator": "50"}}, "4,5"),
        ({"3.2": {"value_dung_han": "3", "value_ke_hoach": "0"}}, "0"),
    ],
)
def test_bad_inputs_are_refused_beside_the_leaf_and_nothing_is_saved(
    official_a, unit_a, index_set, values, message
):
    response = post(client_for(official_a), unit_a, index_set, {**values, "1.1": {"value": "yes"}})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="field-error"' in page and message in page
    assert not Score.objects.filter(unit=unit_a).exists()


def test_appraisers_score_a_deduction_line_within_its_floor(
    official_a, appraiser, unit_a, index_set
):
    post(client_for(official_a), unit_a, index_set, {"3.3": {"value": "1"}})  # −0,5
    index_set.phase = Phase.APPRAISAL
    index_set.save()
    deduction = leaf(index_set, "3.3").pk
    url = reverse(
        "assessments:appraisal", kwargs={"unit_code": unit_a.code, "set_code": index_set.code}
    )
    client = client_for(appraiser)

    data = appraisal_data(unit_a, index_set)
    data[f"leaf-{deduction}-appraised"] = "-2,5"
    page = client.post(url, data).content.decode()
    assert "-2,5" in page and "-2" in page and 'class="field-error"' in page
    assert Score.objects.get(unit=unit_a, criterion_id=deduction).appraised_points is None

    data[f"leaf-{deduction}-appraised"] = "-1,5"
    data[f"leaf-{deduction}-comment"] = "Ba báo cáo chậm, không phải một"
    assert client.post(url, data).status_code == 302
    assert Score.objects.get(unit=unit_a, criterion_id=deduction).appraised_points == Decimal(
        "-1.5"
    )


def test_the_leafs_page_shows_the_counts_and_the_rate_they_give(official_a, unit_a, index_set):
    client = client_for(official_a)
    post(client, unit_a, index_set, {"3.1": {"value_numerator": "45", "value_denominator": "50"}})
    url = reverse(
        "assessments:score-detail",
        kwargs={"unit_code": unit_a.code, "criterion_id": leaf(index_set, "3.1").pk},
    )
    assert "45 / 50 = 90,00 %" in client.get(url).content.decode()


def preview_url(unit, index_set, code):
    kwargs = {"unit_code": unit.code, "criterion_id": leaf(index_set, code).pk}
    return reverse("assessments:leaf-preview", kwargs=kwargs)


def test_the_server_previews_a_formula_with_the_code_that_saves_it(official_a, unit_a, index_set):
    client = english_client(official_a)
    url = preview_url(unit_a, index_set, "3.2")
    answer = client.post(url, {"value_dung_han": "3", "value_ke_hoach": "4"}).json()
    assert answer == {"points": "3.00", "shown": "3.00"}
    assert client.post(url, {"value_dung_han": "9", "value_ke_hoach": "4"}).json()["points"] == (
        "4.00"
    )  # min(…, 4)
    zero = client.post(url, {"value_dung_han": "3", "value_ke_hoach": "0"})
    assert zero.status_code == 400 and "divides by zero" in zero.json()["error"]
    half = client.post(url, {"value_dung_han": "3", "value_ke_hoach": ""})
    assert half.status_code == 400 and "Văn bản theo kế hoạch" in half.json()["error"]
    assert not Score.objects.exists()  # a preview saves nothing


def test_the_preview_is_for_those_who_see_the_unit_and_only_for_formulas(
    official_a, official_b, unit_a, index_set, anonymous_client
):
    url = preview_url(unit_a, index_set, "3.2")
    assert client_for(official_b).post(url, {"value_dung_han": "3"}).status_code == 404
    assert anonymous_client.post(url).status_code == 302
    assert client_for(official_a).get(url).status_code == 405
    counts = preview_url(unit_a, index_set, "3.1")
    assert client_for(official_a).post(counts, {}).status_code == 400
