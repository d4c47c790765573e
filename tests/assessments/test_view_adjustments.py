"""The bonus and deduction page walked through every persona."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Adjustment
from indexes.models import Phase
from tests.conftest import client_for
from tests.factories import make_adjustment_item, make_index_set, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in their English source text."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def item(unit_a, unit_b):
    index_set = make_index_set(code="xa-2024", phase=Phase.APPRAISAL)
    return make_adjustment_item(index_set, label="Sáng kiến được công nhận")


def page(item):
    return reverse("assessments:adjustments", kwargs={"code": item.index_set.code})


def test_anonymous_visitors_log_in_and_officials_are_refused(anonymous_client, official_a, item):
    assert anonymous_client.get(page(item)).status_code == 302
    assert client_for(official_a).get(page(item)).status_code == 403
    assert client_for(official_a).post(page(item)).status_code == 403


def test_leaders_read_without_edit_controls_and_cannot_post(leader, item, unit_a):
    client = client_for(leader)
    html = client.get(page(item)).content.decode()
    assert "Sáng kiến được công nhận" in html and 'name="reason"' not in html
    response = client.post(page(item), {"unit": unit_a.pk, "item": item.pk, "reason": "x"})
    assert response.status_code == 403 and not Adjustment.objects.exists()


def test_an_appraiser_applies_a_bonus_with_a_reason_and_a_decimal_comma(
    appraiser, item, unit_a, settings
):
    settings.LANGUAGE_CODE = "vi"  # Vietnamese writes 0,5
    client = client_for(appraiser)
    response = client.post(
        page(item), {"unit": unit_a.pk, "item": item.pk, "points": "0,5", "reason": "Mô hình mới"}
    )
    assert response.status_code == 302
    adjustment = Adjustment.objects.get()
    assert (adjustment.unit, adjustment.points, adjustment.applied_by) == (
        unit_a,
        Decimal("0.5"),
        appraiser,
    )
    assert "Mô hình mới" in client.get(page(item)).content.decode()


def test_a_bonus_above_the_cap_or_without_reason_is_refused_with_a_message(appraiser, item, unit_a):
    html = (
        client_for(appraiser)
        .post(page(item), {"unit": unit_a.pk, "item": item.pk, "points": "2"})
        .content.decode()
    )
    assert "This field is required" in html or "Trường này" in html
    html = (
        client_for(appraiser)
        .post(page(item), {"unit": unit_a.pk, "item": item.pk, "points": "2", "reason": "x"})
        .content.decode()
    )
    assert "1,00" in html or "1.00" in html
    assert not Adjustment.objects.exists()


def test_withdrawing_needs_an_appraiser_and_post(appraiser, leader, item, unit_a):
    adjustment = Adjustment.objects.create(item=item, unit=unit_a, points=1, reason="x")
    url = reverse(
        "assessments:adjustment-withdraw", kwargs={"code": item.index_set.code, "pk": adjustment.pk}
    )
    assert client_for(appraiser).get(url).status_code == 405
    assert client_for(leader).post(url).status_code == 403
    assert client_for(appraiser).post(url).status_code == 302
    assert not Adjustment.objects.exists()


def test_the_page_costs_the_same_queries_for_2_or_20_units(
    appraiser, item, django_assert_num_queries
):
    client = client_for(appraiser)
    client.get(page(item))
    with django_assert_num_queries(7) as few:
        client.get(page(item))
    for _n in range(18):
        Adjustment.objects.create(item=item, unit=make_unit(kind="ward"), points=1, reason="x")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(page(item))


def test_a_refusal_names_its_reason(official_a, leader, item, unit_a):
    refused_reader = client_for(official_a).get(page(item))
    assert refused_reader.status_code == 403
    assert "The bonus and deduction points are for appraisers and leaders." in (
        refused_reader.content.decode()
    )
    refused_post = client_for(leader).post(page(item), {"unit": unit_a.pk, "reason": "x"})
    assert refused_post.status_code == 403
    assert "Only appraisers apply bonus and deduction points." in refused_post.content.decode()
