"""The mid-year standing: evidence in hand per leaf, points at risk against the target."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments import services as commitment_services
from plans.library_services import library_document_upload
from plans.library_standing import leaf_at_risk, set_standings
from tests.conftest import assert_sent_to_login, client_for, english_client
from tests.factories import make_score
from tests.library_support import leaf, mark_not_applicable, pdf, year_set
from units.models import Unit


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def index_set(unit_a, unit_b, official_a):
    """2024: unit A has a library document on 1.1; unit B has nothing."""
    index_set = year_set()
    library_document_upload(
        user=official_a,
        unit=unit_a,
        index_set=index_set,
        file=pdf(),
        leaves=[leaf(index_set, "1.1")],
    )
    return index_set


def standing_of(index_set, unit):
    [standing] = set_standings(index_set=index_set, units=[unit])
    return standing


def test_the_rule_keeps_a_leaf_at_risk_until_evidence_or_a_done_task():
    assert leaf_at_risk(has_evidence=False)
    assert not leaf_at_risk(has_evidence=True)
    assert not leaf_at_risk(has_evidence=False, has_done_task=True)


def test_points_at_risk_are_the_leaves_without_evidence_against_the_sets_targets(
    index_set, unit_a, unit_b
):
    a, b = standing_of(index_set, unit_a), standing_of(index_set, unit_b)
    assert [item.leaf.code for item in a.leaves] == ["1.1", "1.2.1", "1.2.2"]  # no survey leaf
    assert [item.leaf.code for item in a.at_risk] == ["1.2.1", "1.2.2"]
    assert a.points_at_risk == Decimal("4") and b.points_at_risk == Decimal("6")
    assert not a.committed and a.targets["appraisal"] == Decimal("100")
    # appraisal: 2 of 5 within reach, 3 short of 100 %; other: 0 of 1, 0.9 short of 90 %.
    assert a.short_of_target == Decimal("3.9") and a.will_miss
    assert b.short_of_target == Decimal("5.9")


def test_a_done_task_of_the_plan_takes_its_leaf_out_of_risk(index_set, unit_b):
    done = {(unit_b.pk, leaf(index_set, "1.2.1").pk)}
    [standing] = set_standings(index_set=index_set, units=[unit_b], done_tasks=done)
    assert [item.leaf.code for item in standing.at_risk] == ["1.1", "1.2.2"]
    assert standing.points_at_risk == Decimal("3")


def test_attached_evidence_counts_as_in_hand(index_set, unit_b):
    from assessments.models import Evidence

    score = make_score(unit_b, leaf(index_set, "1.2.1"), self_points=3)
    Evidence.objects.create(score=score, file="evidence/x.pdf", original_name="x.pdf")
    standing = standing_of(index_set, unit_b)
    assert [item.leaf.code for item in standing.at_risk] == ["1.1", "1.2.2"]
    assert standing.points_at_risk == Decimal("3")


def test_a_removed_document_no_longer_counts(index_set, unit_a, official_a):
    from plans.library_services import library_document_remove
    from plans.models import LibraryDocument

    library_document_remove(user=official_a, document=LibraryDocument.objects.get())
    assert standing_of(index_set, unit_a).points_at_risk == Decimal("6")


def test_leaves_that_do_not_apply_leave_the_standing(index_set, unit_b):
    mark_not_applicable(unit_b, index_set, "1.2")
    standing = standing_of(index_set, unit_b)
    assert [item.leaf.code for item in standing.leaves] == ["1.1"]
    assert standing.points_at_risk == Decimal("2")


def test_a_signed_commitment_sets_the_target(index_set, unit_a):
    commitment = commitment_services.commitment_create(
        unit=unit_a,
        year=2024,
        signer_name="Trần Thị Mai",
        counterpart_name="Nguyễn Văn Thành",
        targets={"other": Decimal("100")},
    )
    unsigned = standing_of(index_set, unit_a)
    assert not unsigned.committed and unsigned.short_of_target == Decimal("3.9")
    commitment_services.commitment_sign(
        commitment=commitment, signed_on=date(2024, 3, 1), scan=pdf()
    )
    standing = standing_of(index_set, unit_a)
    assert standing.committed and standing.targets["other"] == Decimal("100")
    assert standing.short_of_target == Decimal("4")


# --- pages ---------------------------------------------------------------------------


def list_url(year=2024):
    return reverse("plans:standing-list", kwargs={"year": year})


def unit_url(unit, year=2024):
    return reverse("plans:standing-unit", kwargs={"year": year, "unit_code": unit.code})


def test_leaders_read_every_unit_most_points_at_risk_first(leader, appraiser, index_set):
    for user in (leader, appraiser):
        html = english_client(user).get(list_url()).content.decode()
        assert html.index("Xã B") < html.index("Phường A")
        assert "6.00 of 6.00" in html and "4.00 of 6.00" in html


def test_the_standing_list_is_not_for_officials_or_visitors(
    official_a, anonymous_client, index_set
):
    assert client_for(official_a).get(list_url()).status_code == 403
    assert_sent_to_login(anonymous_client.get(list_url()))
    assert_sent_to_login(anonymous_client.get(reverse("plans:standing-home")))


def test_an_official_reads_their_own_unit_only(official_a, unit_a, unit_b, index_set):
    client = english_client(official_a)
    response = client.get(unit_url(unit_a))
    html = response.content.decode()
    assert response.status_code == 200 and "No evidence yet" in html
    assert response.context["standing"].points_at_risk == Decimal("4")
    assert client.get(unit_url(unit_b)).status_code == 404
    home = client.get(reverse("plans:standing-home"))
    assert home.url == unit_url(unit_a)


def test_leaders_read_one_units_detail(leader, unit_b, index_set):
    response = client_for(leader).get(unit_url(unit_b))
    assert response.status_code == 200 and response.context["standing"].points_at_risk == 6
    assert client_for(leader).get(reverse("plans:standing-home")).url == list_url()


def test_an_unknown_year_is_a_404(leader, unit_a, index_set):
    assert client_for(leader).get(list_url(2019)).status_code == 404
    assert client_for(leader).get(unit_url(unit_a, 2019)).status_code == 404


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(list_url()).status_code == 200
    return len(context.captured_queries)


def test_the_standing_list_costs_the_same_queries_for_27_or_527_units(leader, index_set):
    client = client_for(leader)
    counts = []
    for total in (27, 527):
        missing = total - Unit.objects.count()
        Unit.objects.bulk_create(
            Unit(code=f"phuong-{Unit.objects.count() + n}", name=f"Phường {n}", kind="ward")
            for n in range(missing)
        )
        assert Unit.objects.count() == total
        counts.append(_list_queries(client))
    assert counts[0] == counts[1], counts
