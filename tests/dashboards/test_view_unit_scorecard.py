"""A unit's scorecard: methods and fields against targets, lost points, commitment, trend."""

import re
from datetime import date

import pytest
from django.urls import reverse

from indexes.models import Phase, TagExemption
from tests.conftest import assert_sent_to_login, clear_caches, client_for
from tests.dashboards.conftest import FULL_MARKS, en, many_units, scores_create, sign_commitment
from tests.factories import make_criterion, make_index_set, make_unit
from units.models import UnitTag

pytestmark = pytest.mark.django_db


def card_url(unit_code: str, year: int = 2023) -> str:
    return reverse("dashboards:unit-scorecard", kwargs={"year": year, "unit_code": unit_code})


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_anonymous_visitors_are_sent_to_login(anonymous_client, scored):
    assert_sent_to_login(anonymous_client.get(card_url("xa-b")))


@pytest.mark.parametrize("persona", ["leader", "appraiser", "admin_user"])
def test_full_access_reads_any_units_scorecard(request, persona, scored):
    html = html_of(en(client_for(request.getfixturevalue(persona))).get(card_url("xa-b")))
    assert "Xã B: scorecard 2023" in html
    assert "2 of 2" in html  # rank
    assert "6.50" in html and "65.00 %" in html
    assert "Final scores" in html


def test_methods_show_points_max_percent_target_and_status_in_words(leader, scored):
    html = html_of(en(client_for(leader)).get(card_url("xa-b")))
    methods = html.split('id="methods-title"')[1].split("</table>")[0]
    appraisal = methods.split("Appraisal</th>")[1].split("</tr>")[0]
    cells = re.findall(r'<td class="num">([^<]*)</td>', appraisal)
    assert cells[:4] == ["3.00", "5.00", "60.00 %", "100.00 %"]
    assert "Missed" in appraisal and "2.00" in appraisal  # 2 points short
    other = methods.split("Other data</th>")[1].split("</tr>")[0]
    assert "Missed" in other and "0.40" in other  # 0.5 of 1 against 90 %


def test_fields_and_the_leaves_that_lost_most_points(leader, scored):
    html = html_of(en(client_for(leader)).get(card_url("xa-b")))
    fields = html.split('id="fields-title"')[1].split("</table>")[0]
    assert "3.50" in fields and "6.00" in fields  # field 1: 2 + 1 + 0.5 of 6
    losses = html.split('id="losses-title"')[1].split("</table>")[0]
    codes = re.findall(r"(1\.2\.1|2\.1|1\.2\.2|1\.1)\. Tiêu chí", losses)
    assert codes == ["1.2.1", "2.1", "1.2.2"]  # 2, 1 and 0.5 lost; 1.1 lost nothing


def test_a_lost_leaf_links_to_its_detail_page(leader, scored, unit_b):
    html = html_of(client_for(leader).get(card_url("xa-b")))
    leaf = scored.criteria.get(code="1.2.1")
    detail = reverse(
        "assessments:score-detail", kwargs={"unit_code": "xa-b", "criterion_id": leaf.pk}
    )
    assert detail in html


def test_an_unscored_leaf_lost_its_whole_max(leader, ward_set, unit_b):
    scores_create(ward_set, unit_b, {"1.1": "2"})
    html = html_of(en(client_for(leader)).get(card_url("xa-b")))
    losses = html.split('id="losses-title"')[1].split("</table>")[0]
    assert losses.index("2.1. Tiêu chí") < losses.index("1.2.1. Tiêu chí")  # 4 before 3
    assert "not scored" not in losses or "—" in losses


def test_the_commitment_and_whether_it_is_met(leader, scored, unit_a):
    scored.phase = Phase.SELF_ASSESSMENT
    scored.save()
    sign_commitment(unit_a, 2023, {"survey": "97"})
    html = html_of(en(client_for(leader)).get(card_url("phuong-a")))
    facts = html.split('class="figures scorecard-facts"')[1].split("</dl>")[0]
    assert "Signed" in facts and "Missed" in facts  # 95 % survey, 97 % committed
    methods = html.split('id="methods-title"')[1].split("</table>")[0]
    assert "97.00 %" in methods


def test_the_trend_follows_the_units_it_continues(leader, scored, unit_a, unit_b):
    older = make_index_set(code="xa-2022", year=2022, phase=Phase.CLOSED)
    scores_create(older, unit_a, FULL_MARKS)
    merged = make_unit(code="phuong-moi", name="Phường Mới", kind="ward",
                       valid_from=date(2023, 1, 1))  # fmt: skip
    merged.predecessors.add(unit_a)
    unit_a.predecessors.add(unit_b)  # predecessors of predecessors count too
    scores_create(scored, merged, FULL_MARKS)
    html = html_of(en(client_for(leader)).get(card_url("phuong-moi")))
    trend = html.split("Trend over the years</caption>")[1].split("</table>")[0]
    assert "Phường Mới" in trend and "Phường A" in trend and "Xã B" in trend
    assert trend.count("(predecessor)") == 4  # A and B, in 2022 and in 2023
    assert card_url("phuong-a", 2022) in trend


def test_officials_read_their_own_scorecard_and_not_others(official_a, scored):
    client = client_for(official_a)
    assert client.get(card_url("phuong-a")).status_code == 200
    assert client.get(card_url("xa-b")).status_code == 403


def test_an_official_reads_the_scorecards_of_the_units_theirs_continues(official_a, scored, unit_b):
    unit_a = official_a.unit
    unit_a.predecessors.add(unit_b)
    assert client_for(official_a).get(card_url("xa-b")).status_code == 200


def test_an_official_reads_any_scorecard_when_the_city_allows(settings, official_a, scored):
    settings.CCHC_OFFICIAL_DASHBOARD = "full"
    assert client_for(official_a).get(card_url("xa-b")).status_code == 200


def test_unknown_unit_or_a_year_without_a_set_is_a_404(leader, scored):
    client = client_for(leader)
    assert client.get(card_url("nope")).status_code == 404
    assert client.get(card_url("xa-b", 2019)).status_code == 404


def test_a_unit_that_did_not_exist_that_year_is_a_404(leader, scored):
    make_unit(code="phuong-moi", name="Phường Mới", kind="ward", valid_from=date(2025, 1, 1))
    assert client_for(leader).get(card_url("phuong-moi")).status_code == 404


def test_the_scorecard_refuses_a_post(leader, scored):
    assert client_for(leader).post(card_url("xa-b")).status_code == 405


def test_charts_have_their_data_and_no_external_url(leader, scored):
    html = html_of(client_for(leader).get(card_url("xa-b")))
    for chart in ("chart-methods", "chart-fields", "chart-unit-trend"):
        assert f'<script id="{chart}" type="application/json">' in html
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", html)


def test_the_scorecard_takes_as_many_queries_for_500_units_as_for_27(
    leader, scored, django_assert_num_queries, django_assert_max_num_queries
):
    many_units(scored, 25)
    client = client_for(leader)
    client.get(card_url("xa-b"))
    clear_caches()
    # + the shared cache: a read of each page and figure, and a write of each (5 queries)
    with django_assert_max_num_queries(52) as few:
        html_of(client.get(card_url("xa-b")))
    many_units(scored, 473)
    clear_caches()
    with django_assert_num_queries(len(few.captured_queries)):
        html_of(client.get(card_url("xa-b")))


def test_an_official_refused_another_units_scorecard_is_told_why(official_a, scored):
    response = client_for(official_a).get(card_url("xa-b"))
    assert response.status_code == 403
    assert "Bạn chỉ được xem phiếu kết quả của đơn vị mình." in response.content.decode()


def test_a_field_the_unit_is_exempt_from_says_not_applicable_and_why(leader, scored, unit_b):
    tag = UnitTag.objects.create(code="khong-khao-sat", name="Không khảo sát")
    exemption = TagExemption.objects.create(
        index_set=scored, tag=tag, reason="Unit without a survey sample"
    )
    exemption.nodes.add(scored.criteria.get(code="2"))
    unit_b.tags.add(tag)
    html = html_of(en(client_for(leader)).get(card_url("xa-b")))
    fields = html.split('id="fields-title"')[1].split("</table>")[0]
    assert "Not applicable: Unit without a survey sample" in fields
    assert "Not applicable" not in html_of(en(client_for(leader)).get(card_url("phuong-a")))


def test_a_bonus_field_is_named_as_such_instead_of_a_percentage(leader, scored):
    bonus = make_criterion(scored, "3", "1", kind="bonus")
    rule = {"type": "count", "per_item": 0.5, "cap": 1}
    make_criterion(scored, "3.1", "1", parent=bonus, kind="bonus", method="appraisal", rule=rule)
    html = html_of(en(client_for(leader)).get(card_url("xa-b")))
    fields = html.split('id="fields-title"')[1].split("</table>")[0]
    assert "3. Tiêu chí 3" in fields and "Bonus points" in fields
