"""Every kind of change shows on the dashboards at the next request, whoever writes it.

Each test warms the cache first (a page or a payload), changes the data one way, and
reads again: without the data-version triggers the second read would be the cached one.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from assessments.adjustments import adjustment_apply, adjustment_remove
from assessments.entry_selectors import unit_sheet
from assessments.models import Assessment, AssessmentStatus, Score
from assessments.services.common import write_scores
from assessments.services.entry import SelfEntry, self_assessment_save
from commitments import services as commitment_services
from commitments.models import CommittedTarget
from dashboards import versions
from dashboards.cache import fingerprint, take_fingerprint
from dashboards.selectors.scope import dashboard_scope
from dashboards.selectors.year import year_payload
from demo.commitments import minimal_pdf
from indexes.models import (
    AdjustmentItem,
    ClassificationThreshold,
    Criterion,
    IndexSet,
    NotApplicable,
    Phase,
    TagExemption,
    Target,
)
from tests.assessments.cycle_support import open_set
from tests.conftest import client_for
from tests.dashboards.conftest import UNIT_A, UNIT_B, en, many_units, scores_create
from tests.factories import make_adjustment_item, make_index_set, make_unit
from units.models import Unit, UnitTag

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:year-dashboard")


def page(client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def row_of(unit_code: str, year: int | None = None):
    """The unit's ranking row as the year dashboard's (cached) payload has it."""
    fp = fingerprint()
    scope = dashboard_scope(year=year, key=None, fp=fp)
    return next(row for row in year_payload(scope, fp).rows if row.unit_code == unit_code)


@pytest.fixture
def appraised(unit_a, unit_b):
    """A 2024 set in appraisal: unit A 98 %, unit B 65 %, appraised as self-scored."""
    index_set = make_index_set(code="xa-2024", year=2024, phase=Phase.APPRAISAL)
    scores_create(index_set, unit_a, UNIT_A, appraised=UNIT_A)
    scores_create(index_set, unit_b, UNIT_B, appraised=UNIT_B)
    return index_set


# --- scores -------------------------------------------------------------------------------


def test_a_score_saved_through_the_entry_service_shows_at_once(leader, official_a, unit_a):
    index_set = open_set()
    done = index_set.criteria.get(code="1.1")

    def save(value: bool) -> None:
        tokens = {row.id: row.token for row in unit_sheet(index_set=index_set, unit=unit_a).rows}
        self_assessment_save(
            user=official_a,
            unit=unit_a,
            index_set=index_set,
            entries=[SelfEntry(done.pk, {"done": value}, "", ())],
            versions=tokens,
        )

    client = client_for(leader)
    assert "20,00 %" not in page(client)  # nothing scored yet
    save(True)  # a new score
    assert "20,00 %" in page(client)  # 2 of 10 points
    save(False)  # the same score changed
    assert "20,00 %" not in page(client)


def test_a_bulk_score_write_shows_at_once(leader, scored, unit_b):
    client = client_for(leader)
    assert "82,50 %" not in page(client)
    scores = {s.criterion.code: s for s in unit_b.scores.select_related("criterion")}
    scores["1.2.1"].self_points, scores["1.2.2"].self_points = Decimal("2.5"), Decimal("0.75")
    updated = [scores["1.2.1"], scores["1.2.2"]]
    for score in updated:
        score.version += 1
    write_scores(created=[], updated=updated, fields=["self_points"], user=leader)
    assert "82,50 %" in page(client)  # 2 + 2.5 + 0.75 + 3 of 10


def test_points_updated_without_touching_updated_at_show_at_once(leader, scored, unit_b):
    client = client_for(leader)
    assert "85,00 %" not in page(client)
    Score.objects.filter(unit=unit_b, criterion__code="1.2.1").update(self_points=Decimal("3"))
    assert "85,00 %" in page(client)


def test_a_score_moved_to_another_set_leaves_one_and_reaches_the_other(scored, unit_b):
    later = make_index_set(code="xa-2024", year=2024, phase=Phase.PUBLISHED)
    assert row_of("xa-b", 2023).pct == Decimal("65.00")
    assert row_of("xa-b", 2024).pct == Decimal("0.00")
    Score.objects.filter(unit=unit_b, criterion__code="1.2.1").update(
        criterion=later.criteria.get(code="1.2.1")
    )
    assert row_of("xa-b", 2023).pct == Decimal("55.00")
    assert row_of("xa-b", 2024).pct == Decimal("10.00")


# --- units --------------------------------------------------------------------------------


def test_a_unit_renamed_to_a_name_of_the_same_length_shows_at_once(leader, scored, unit_b):
    client = client_for(leader)
    assert "Xã C" not in page(client)
    unit_b.name = "Xã C"
    unit_b.save()
    html = page(client)
    assert "Xã C" in html and "Xã B" not in html


def test_a_predecessor_linked_shows_on_the_scorecard_at_once(leader, scored, unit_b):
    earlier = make_index_set(code="xa-2022", year=2022, phase=Phase.PUBLISHED)
    merged = make_unit(code="xa-cu", name="Xã Cũ", kind="commune", valid_to=date(2022, 12, 31))
    scores_create(earlier, merged, UNIT_A)
    url = reverse("dashboards:unit-scorecard", kwargs={"year": 2023, "unit_code": "xa-b"})
    client = client_for(leader)
    assert "Xã Cũ" not in page(client, url)
    unit_b.predecessors.add(merged)
    assert "Xã Cũ" in page(client, url)  # its 2022 result in the unit's trend


# --- the set's definition -----------------------------------------------------------------


def test_a_set_renamed_and_moved_to_another_phase_shows_at_once(leader, scored):
    client = en(client_for(leader))
    assert "Final scores" in page(client)
    IndexSet.objects.filter(pk=scored.pk).update(name="Bộ chỉ số xã 2O23")
    assert "Bộ chỉ số xã 2O23" in page(client)
    scored.phase = Phase.APPRAISAL
    scored.save()
    html = page(client)
    assert "Appraised scores" in html and "Final scores" not in html


def test_a_class_label_edited_in_the_same_length_shows_at_once(leader, scored):
    client = client_for(leader)
    assert "Loại A" not in page(client)
    ClassificationThreshold.objects.filter(index_set=scored, code="A").update(label="Loại A")
    html = page(client)
    assert "Loại A" in html and "Nhóm A" not in html


def test_a_deleted_threshold_shows_at_once(leader, scored):
    client = client_for(leader)
    assert "Nhóm A" in page(client)  # unit A, 98 %
    ClassificationThreshold.objects.get(index_set=scored, code="A").delete()
    html = page(client)
    assert "Nhóm A" not in html and "Nhóm B" in html


def test_a_criterion_renamed_shows_at_once(leader, scored):
    client = client_for(leader)
    assert "Cải cách 1" not in page(client)
    Criterion.objects.filter(index_set=scored, code="1").update(name="Cải cách 1")
    assert "1. Cải cách 1" in page(client)  # the field's link under the heatmap


def test_a_target_change_shows_at_once(leader, scored):
    client = en(client_for(leader))
    assert "Appraisal (≥ 90 %)" not in page(client)
    target = Target.objects.get(index_set=scored, method="appraisal")
    target.pct = Decimal("90")
    target.save()
    assert "Appraisal (≥ 90 %)" in page(client)


def test_a_not_applicable_mark_added_and_removed_shows_at_once(leader, scored, unit_b):
    client = client_for(leader)
    assert "78,57 %" not in page(client)
    mark = NotApplicable.objects.create(unit=unit_b, criterion=scored.criteria.get(code="1.2.1"))
    assert "78,57 %" in page(client)  # 5.5 of the 7 points that apply
    mark.delete()
    assert "78,57 %" not in page(client)


def test_an_exemption_by_attribute_shows_at_once_as_the_unit_gets_and_loses_the_tag(
    leader, scored, unit_b
):
    client = client_for(leader)
    tag = UnitTag.objects.create(code="khong-tthc", name="Không có TTHC")
    exemption = TagExemption.objects.create(index_set=scored, tag=tag, reason="Không có TTHC")
    exemption.nodes.add(scored.criteria.get(code="1.2.1"))
    assert "78,57 %" not in page(client)
    unit_b.tags.add(tag)
    assert "78,57 %" in page(client)
    unit_b.tags.remove(tag)
    assert "78,57 %" not in page(client)
    unit_b.tags.add(tag)
    assert "78,57 %" in page(client)
    exemption.nodes.clear()
    assert "78,57 %" not in page(client)


def test_an_adjustment_applied_and_withdrawn_shows_at_once(leader, appraiser, appraised, unit_b):
    bonus = make_adjustment_item(appraised, cap=None)
    client = client_for(leader)
    # The round is under way: the page shows the points entered so far, not % or met/missed.
    seven = '7,00<span class="muted"> / 10,00</span>'
    assert seven not in page(client)
    adjustment = adjustment_apply(user=appraiser, unit=unit_b, item=bonus, reason="Mô hình hay")
    assert seven in page(client)  # 6.5 + 0.5 of 10
    adjustment_remove(user=appraiser, adjustment=adjustment)
    assert seven not in page(client)


def test_a_bonus_items_cap_changed_shows_at_once(leader, appraiser, appraised, unit_b):
    bonus = make_adjustment_item(appraised, points=Decimal("1"))
    for _ in range(2):
        adjustment_apply(user=appraiser, unit=unit_b, item=bonus, reason="Mô hình hay")
    client = client_for(leader)
    assert '7,50<span class="muted"> / 10,00' in page(client)  # 6.5 + 1 (the cap) of 10
    AdjustmentItem.objects.filter(pk=bonus.pk).update(cap=2)
    assert '8,50<span class="muted"> / 10,00' in page(client)


# --- the workflow -------------------------------------------------------------------------


def test_an_assessment_status_change_shows_at_once(appraised, unit_b):
    assert row_of("xa-b").workflow == "not_started"
    Assessment.objects.create(unit=unit_b, index_set=appraised, status=AssessmentStatus.SUBMITTED)
    assert row_of("xa-b").workflow == AssessmentStatus.SUBMITTED
    Assessment.objects.filter(unit=unit_b).update(status=AssessmentStatus.APPRAISED)
    assert row_of("xa-b").workflow == AssessmentStatus.APPRAISED


def test_a_commitment_change_shows_at_once(scored, unit_b):
    assert row_of("xa-b").commitment_status == "none"
    commitment = commitment_services.commitment_create(
        unit=unit_b, year=2023, signer_name="Trần Thị Mai", counterpart_name="Nguyễn Văn Thành"
    )
    assert row_of("xa-b").commitment_status == "draft"
    scan = SimpleUploadedFile("scan.pdf", minimal_pdf(["signed"]), content_type="application/pdf")
    commitment_services.commitment_sign(
        commitment=commitment, signed_on=date(2023, 3, 15), scan=scan
    )
    row = row_of("xa-b")
    assert row.commitment_status == "missed"  # 65 % on the published set
    assert row.methods["survey"].committed_pct == Decimal("95.00")
    CommittedTarget.objects.filter(commitment=commitment, method="survey").update(pct=99)
    assert row_of("xa-b").methods["survey"].committed_pct == Decimal("99.00")


# --- the fingerprint itself ---------------------------------------------------------------


def test_the_fingerprint_takes_one_query_whatever_the_number_of_sets_and_units(
    scored, django_assert_num_queries
):
    with django_assert_num_queries(1):
        take_fingerprint()
    for year in range(2018, 2023):
        make_index_set(code=f"xa-{year}", year=year, with_tree=False)
    many_units(scored, 40)
    with django_assert_num_queries(1):
        current = take_fingerprint()
    assert len(current.sets) == 6


def test_the_fingerprint_moves_only_with_a_write(scored, unit_b):
    before = take_fingerprint()
    list(Score.objects.all())  # reading changes nothing
    Score.objects.filter(unit=unit_b, criterion__code="9.9").update(self_points=0)  # no row
    Unit.objects.filter(code="nobody").update(name="Nobody")
    assert take_fingerprint() == before


def test_every_table_that_feeds_the_pages_has_its_triggers():
    assert {t.table for t in versions.TRACKED} == {
        "units_unit",
        "units_unit_predecessors",
        "units_unittag",
        "units_unit_tags",
        "indexes_indexset",
        "indexes_criterion",
        "indexes_target",
        "indexes_classificationthreshold",
        "indexes_adjustmentitem",
        "indexes_notapplicable",
        "indexes_tagexemption",
        "indexes_tagexemption_nodes",
        "indexes_methodnotheld",
        "assessments_score",
        "assessments_adjustment",
        "assessments_assessment",
        "commitments_commitment",
        "commitments_committedtarget",
    }
    # A migration that rebuilds a table on SQLite drops its triggers; migrate re-creates them.
    assert versions.expected_triggers(connection) <= versions.installed_triggers(connection)


def test_without_the_triggers_the_page_would_keep_the_old_name(leader, scored, unit_b):
    """The cache is real: the triggers, nothing else, are what make the pages fresh."""
    client = client_for(leader)
    assert "Xã B" in page(client)
    versions.remove(connection)  # rolled back with the test's transaction
    Unit.objects.filter(pk=unit_b.pk).update(name="Xã C")
    html = page(client)
    assert "Xã B" in html and "Xã C" not in html
