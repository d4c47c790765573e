"""Met or missed, computed from final scores once published; the dashboards' interface."""

from decimal import Decimal

import pytest

from commitments import selectors, services
from commitments.models import AwardKind, Initiative
from tests.commitments.conftest import SIGNED_ON, make_award, pdf_upload, publish, score_unit
from tests.factories import make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_each_unit_of_the_year_has_a_status(index_set, commitment_a, unit_b):
    summaries = selectors.commitments_for_year(year=2023)
    assert summaries[commitment_a.unit_id].status == "draft"
    assert summaries[unit_b.pk].status == "none"
    assert summaries[unit_b.pk].url is None and summaries[unit_b.pk].targets == {}
    assert summaries[commitment_a.unit_id].url == "/commitments/2023/phuong-a/"
    assert summaries[commitment_a.unit_id].targets == {
        "appraisal": Decimal("100"),
        "survey": Decimal("95"),
        "other": Decimal("90"),
    }


def test_a_signed_commitment_stays_signed_until_the_results_are_published(
    index_set, signed_a, unit_a
):
    score_unit(index_set, unit_a, survey="4")
    assert selectors.commitments_for_year(year=2023)[unit_a.pk].status == "signed"


def test_after_publication_reaching_every_committed_target_is_met(index_set, signed_a, unit_a):
    score_unit(index_set, unit_a, survey="4")
    publish(index_set)
    summary = selectors.commitments_for_year(year=2023)[unit_a.pk]
    assert summary.status == "met"
    assert summary.status_label == "Met"


def test_after_publication_falling_short_of_a_target_is_missed(index_set, signed_a, unit_a):
    score_unit(index_set, unit_a, survey="3.6")  # 90 % of the survey, below 95 %
    publish(index_set)
    row = selectors.commitment_row(commitment=signed_a)
    assert row.status == "missed"
    assert row.results["survey"].actual_pct == Decimal("90.00")
    assert row.results["survey"].missing_points == Decimal("0.20")


def test_a_stricter_commitment_is_judged_against_its_own_target(index_set, commitment_a, unit_a):
    # 3.84 of 4 is 96 %: enough for the year's 95 % but not for the committed 97 %.
    services.commitment_set_target(commitment=commitment_a, method="survey", pct=Decimal("97"))
    services.commitment_sign(commitment=commitment_a, signed_on=SIGNED_ON, scan=pdf_upload())
    score_unit(index_set, unit_a, survey="3.84")
    publish(index_set)
    assert selectors.commitments_for_year(year=2023)[unit_a.pk].status == "missed"


def test_an_unsigned_commitment_is_not_judged_after_publication(index_set, commitment_a, unit_a):
    score_unit(index_set, unit_a, survey="4")
    publish(index_set)
    assert selectors.commitments_for_year(year=2023)[unit_a.pk].status == "draft"


def test_the_dashboards_can_ask_for_a_few_units_only(index_set, commitment_a, commitment_b):
    summaries = selectors.commitments_for_year(year=2023, unit_ids=[commitment_b.unit_id])
    assert list(summaries) == [commitment_b.unit_id]


def _sign_units(index_set, count: int) -> None:
    for _ in range(count):
        unit = make_unit(kind="ward")
        commitment = services.commitment_create(
            unit=unit, year=2023, signer_name="A", counterpart_name="B"
        )
        services.commitment_sign(commitment=commitment, signed_on=SIGNED_ON, scan=pdf_upload())
        score_unit(index_set, unit, survey="3")


def test_the_number_of_queries_does_not_grow_with_the_number_of_units(
    index_set, django_assert_num_queries
):
    publish(index_set)
    _sign_units(index_set, 2)
    with django_assert_num_queries(10) as few:
        small = selectors.commitments_for_year(year=2023)
    _sign_units(index_set, 6)
    with django_assert_num_queries(len(few.captured_queries)):
        large = selectors.commitments_for_year(year=2023)
    assert len(small) == 2 and len(large) == 8
    assert {summary.status for summary in large.values()} == {"missed"}


def test_statuses_of_commitments_of_several_years_are_computed_together(
    index_set, signed_a, commitment_b
):
    statuses = selectors.commitment_statuses(commitments=[signed_a, commitment_b])
    assert statuses == {signed_a.pk: "signed", commitment_b.pk: "draft"}


def test_the_years_awards_and_initiatives_are_counted(unit_a, unit_b, django_assert_num_queries):
    for unit in (unit_a, unit_b):
        make_award(unit)
    make_award(unit_a, kind=AwardKind.INDIVIDUAL, person_name="An")
    Initiative.objects.create(year=2022, unit=unit_a, title="Zalo OA", recognised=True)
    Initiative.objects.create(year=2021, unit=unit_a, title="Older")
    with django_assert_num_queries(2):
        counts = selectors.recognition_counts(year=2022)
    assert counts == selectors.RecognitionCounts(
        collectives=2, individuals=1, initiatives=1, recognised=1
    )
    assert selectors.recognition_counts(year=2022, unit=unit_b).collectives == 1
