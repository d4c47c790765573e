"""Excel exports, read back with openpyxl: headers, numbers as numbers, totals as on screen."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dashboards.exports import HEADER_ROW
from indexes.models import NotApplicable
from tests.conftest import assert_sent_to_login, clear_caches, client_for

pytestmark = pytest.mark.django_db

RANKING = reverse("dashboards:ranking-export")
MATRIX = reverse("dashboards:matrix-export")


def workbook_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment;" in response["Content-Disposition"]
    return load_workbook(BytesIO(response.content))


def table(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def vi(text: str) -> str:
    """The header as the Vietnamese page would write it (the default language)."""
    with translation.override("vi"):
        return translation.gettext(text)


def test_anonymous_visitors_are_sent_to_login(anonymous_client, scored):
    for url in (RANKING, MATRIX):
        assert_sent_to_login(anonymous_client.get(url))


@pytest.mark.parametrize("persona", ["leader", "appraiser", "admin_user"])
def test_the_ranking_export_matches_the_screen(request, persona, scored):
    sheet = workbook_of(client_for(request.getfixturevalue(persona)).get(RANKING)).active
    rows = table(sheet)
    assert [row[vi("Unit")] for row in rows] == ["Phường A", "Xã B"]
    first, second = rows
    assert first[vi("Rank")] == 1 and second[vi("Rank")] == 2
    assert first[vi("Total points")] == pytest.approx(9.8)
    assert second[vi("% of max")] == pytest.approx(65.0)
    assert isinstance(second[vi("Points short")], float)
    assert second[vi("Points short")] == pytest.approx(3.2)
    assert "2023" in sheet["A1"].value
    assert vi("Final scores") in sheet["A2"].value  # which scores count


def test_the_ranking_export_writes_numbers_as_numbers_with_two_decimals(leader, scored):
    sheet = workbook_of(client_for(leader).get(RANKING)).active
    total = sheet.cell(row=HEADER_ROW + 1, column=5)
    assert isinstance(total.value, float) and total.number_format == "0.00"


def test_the_score_matrix_has_self_appraised_and_final_points_per_leaf(leader, ward_set, unit_a):
    from tests.dashboards.conftest import scores_create

    points = {"1.1": "2", "1.2.1": "3", "2.1": "4"}
    scores_create(ward_set, unit_a, points, appraised={"1.2.1": "1"})
    NotApplicable.objects.create(unit=unit_a, criterion=ward_set.criteria.get(code="1.2.2"))
    book = workbook_of(client_for(leader).get(MATRIX))
    rows = table(book["xa-2023"])
    row = next(r for r in rows if r[vi("Unit")] == "Phường A")
    with translation.override("vi"):
        self_1, appraised_1, final_1 = (
            translation.gettext("%(code)s self-score") % {"code": "1.2.1"},
            translation.gettext("%(code)s appraised") % {"code": "1.2.1"},
            translation.gettext("%(code)s final") % {"code": "1.2.1"},
        )
        not_applicable = translation.gettext("n/a")
        total = translation.gettext("Total points (%(basis)s)") % {
            "basis": translation.gettext("Final scores")
        }
        self_na = translation.gettext("%(code)s self-score") % {"code": "1.2.2"}
    assert (row[self_1], row[appraised_1], row[final_1]) == (3, 1, 1)
    assert row[self_na] == not_applicable
    assert row[total] == pytest.approx(7.0)  # 2 + 1 + 4, the appraised score counting
    assert row[vi("Max points that apply")] == pytest.approx(9.0)  # 1.2.2 does not apply
    assert book[vi("Criteria")[:31]].max_row == 5  # header and four leaves


def test_totals_in_the_matrix_equal_the_dashboard(leader, scored):
    from dashboards.cache import fingerprint
    from dashboards.selectors.sets import set_results

    results = set_results(scored, fingerprint())
    rows = table(workbook_of(client_for(leader).get(MATRIX))["xa-2023"])
    with translation.override("vi"):
        total = translation.gettext("Total points (%(basis)s)") % {
            "basis": translation.gettext("Final scores")
        }
    for result in results.results:
        row = next(r for r in rows if r[vi("Unit code")] == result.unit.code)
        assert Decimal(str(row[total])) == result.rollup.total.points
        assert Decimal(str(row[vi("% of max")])) == result.pct


def test_officials_cannot_export_other_units_scores(settings, official_a, scored):
    client = client_for(official_a)
    assert client.get(RANKING).status_code == 403
    assert client.get(MATRIX).status_code == 403


def test_exports_refuse_a_post(leader, scored):
    assert client_for(leader).post(RANKING).status_code == 405


def test_an_export_without_any_set_is_a_404(leader):
    assert client_for(leader).get(RANKING).status_code == 404


@pytest.mark.parametrize("url", [MATRIX, RANKING], ids=["matrix", "ranking"])
def test_exports_take_as_many_queries_for_500_units_as_for_27(
    url, leader, scored, django_assert_num_queries, django_assert_max_num_queries
):
    from tests.dashboards.conftest import many_units

    many_units(scored, 25)
    client = client_for(leader)
    client.get(url)
    clear_caches()
    with django_assert_max_num_queries(32) as few:
        client.get(url)
    many_units(scored, 473)
    clear_caches()
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
