"""Each event of the cycle tells the people who must act, and nobody else, in the same
transaction as the event (an event undone leaves no notification)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from accounts.models import Role
from assessments.models import Assessment, AssessmentStatus
from assessments.services.appraisal import (
    AppraisalEntry,
    appraisal_save,
    index_set_advance,
    index_set_publish,
)
from assessments.services.common import Invalid
from assessments.services.entry import AnswerEntry, explanation_save
from commitments.models import CommitmentStatus
from commitments.services import commitment_create, commitments_create_drafts
from indexes.models import Phase
from notifications.models import Notification
from tests.assessments.cycle_support import leaf, open_set, submitted_set, versions
from tests.commitments.conftest import pdf_upload
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def people(official_a, official_b, appraiser, leader, admin_user):
    return {"official_a", "official_b", "appraiser", "leader", "admin_user"}


@pytest.fixture
def submitted(unit_a, official_a, people):
    return submitted_set(unit_a, official_a)


def return_item(appraiser, unit, index_set, code="1.1"):
    return appraisal_save(
        user=appraiser,
        unit=unit,
        index_set=index_set,
        entries=[AppraisalEntry(leaf(index_set, code).pk, Decimal("0"), "Thiếu văn bản")],
        versions=versions(unit, index_set),
        action="return",
        return_ids=[leaf(index_set, code).pk],
    )


def test_returned_items_reach_the_units_officials_only(appraiser, unit_a, submitted):
    return_item(appraiser, unit_a, submitted)
    assert told("items_returned") == {"official_a"}
    notification = Notification.objects.get(kind="items_returned")
    assert notification.params["codes"] == "1.1" and notification.unit == unit_a
    assert notification.link == f"/units/phuong-a/sets/{submitted.code}/explanation/"


def test_an_explanation_reaches_the_appraiser_who_returned_the_item(
    appraiser, official_a, unit_a, submitted
):
    other_appraiser = make_user(role=Role.APPRAISER, username="appraiser_2")
    return_item(appraiser, unit_a, submitted)
    explanation_save(
        user=official_a,
        unit=unit_a,
        index_set=submitted,
        answers=[AnswerEntry(leaf(submitted, "1.1").pk, "Đã bổ sung")],
        versions=versions(unit_a, submitted),
        send=True,
    )
    assert told("explanation_answered") == {"appraiser"}
    assert other_appraiser.username not in told("explanation_answered")


def test_a_finalised_unit_is_told(appraiser, unit_a, submitted):
    appraisal_save(
        user=appraiser,
        unit=unit_a,
        index_set=submitted,
        entries=[AppraisalEntry(leaf(submitted, "2.1").pk, Decimal("4"))],
        versions=versions(unit_a, submitted),
        action="finalise",
    )
    assert told("unit_finalised") == {"official_a"}


def test_publishing_tells_every_unit_and_every_leader(leader, unit_a, unit_b, submitted):
    Assessment.objects.filter(index_set=submitted).update(status=AssessmentStatus.APPRAISED)
    Assessment.objects.create(unit=unit_b, index_set=submitted, status=AssessmentStatus.APPRAISED)
    index_set_publish(user=leader, index_set=submitted)
    assert told("results_published") == {"official_a", "official_b", "leader"}


def test_opening_the_self_assessment_tells_every_unit_once(admin_user, people):
    index_set = open_set(phase=Phase.PREPARING, self_assessment_opens=None)
    index_set_advance(user=admin_user, index_set=index_set)
    assert told("window_opened") == {"official_a", "official_b"}
    notification = Notification.objects.filter(kind="window_opened").first()
    assert notification.params["closes"] == index_set.self_assessment_closes.isoformat()


def test_a_drafted_commitment_tells_the_units_officials(unit_a, people):
    open_set(code="xa-2024")
    commitments_create_drafts(year=2024)
    assert told("commitment_drafted") == {"official_a", "official_b"}
    commitments_create_drafts(year=2024)  # nothing new drafted, nothing new told
    assert Notification.objects.filter(kind="commitment_drafted").count() == 2


def test_a_commitment_recorded_as_signed_tells_nobody(unit_a, people):
    open_set(code="xa-2024")
    commitment = commitment_create(
        unit=unit_a,
        year=2024,
        signed_on=date(2024, 3, 15),
        scan=pdf_upload(),
        signer_name="Nguyễn Văn A",
        signer_title="Chủ tịch",
        counterpart_name="Trần Văn B",
        counterpart_title="Chủ tịch UBND thành phố",
    )
    assert commitment.status == CommitmentStatus.SIGNED
    assert not Notification.objects.filter(kind="commitment_drafted").exists()


def test_an_event_that_fails_leaves_no_notification(appraiser, unit_a, submitted):
    with pytest.raises(Invalid):
        appraisal_save(
            user=appraiser,
            unit=unit_a,
            index_set=submitted,
            entries=[AppraisalEntry(leaf(submitted, "1.1").pk, Decimal("0"), "")],
            versions=versions(unit_a, submitted),
            action="return",
            return_ids=[leaf(submitted, "1.1").pk],
        )
    assert not Notification.objects.exists()


def test_an_event_rolled_back_takes_its_notifications_with_it(appraiser, unit_a, submitted):
    """The outbox: the notification is written in the event's transaction, not after it."""
    with pytest.raises(RuntimeError), transaction.atomic():
        return_item(appraiser, unit_a, submitted)
        assert told("items_returned") == {"official_a"}
        raise RuntimeError("the request failed after the service")
    assert not Notification.objects.exists()
    assert Assessment.objects.get().status == AssessmentStatus.SUBMITTED
