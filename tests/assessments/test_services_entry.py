"""The officials' writes: scoring by rule, submission, evidence, history, concurrency."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Assessment, AssessmentStatus, Evidence, ReturnedItem, Score
from assessments.services.common import Conflict, Invalid, Refused, write_scores
from assessments.services.entry import (
    AnswerEntry,
    SelfEntry,
    Upload,
    evidence_remove,
    explanation_save,
    self_assessment_save,
)
from indexes.models import Phase
from tests.assessments.cycle_support import big_set, leaf, open_set, pdf, today, versions
from tests.factories import make_score

pytestmark = pytest.mark.django_db


def entry(index_set, code, self_input, explanation="", uploads=()):
    return SelfEntry(leaf(index_set, code).pk, self_input, explanation, tuple(uploads))


def save(user, unit, index_set, entries, **kwargs):
    return self_assessment_save(
        user=user,
        unit=unit,
        index_set=index_set,
        entries=entries,
        versions=kwargs.pop("versions", None) or versions(unit, index_set),
        **kwargs,
    )


def scores(unit):
    return {
        score.criterion.code: score
        for score in Score.objects.filter(unit=unit).select_related("criterion")
    }


def test_a_draft_scores_each_leaf_by_its_rule(official_a, unit_a):
    index_set = open_set()
    result = save(
        official_a,
        unit_a,
        index_set,
        [
            entry(index_set, "1.1", {"done": True}),
            entry(index_set, "1.2.1", {"rate": "96"}),
            entry(index_set, "1.2.2", {"rate": "87.5"}, "Theo hệ thống một cửa"),
        ],
    )
    saved = scores(unit_a)
    assert saved["1.1"].self_points == Decimal("2.00")
    assert saved["1.2.1"].self_points == Decimal("1.00")  # 96 % falls in the ≥ 95 % band
    assert saved["1.2.2"].self_points == Decimal("0.88")  # 87.5 % of 1 point, rounded half up
    assert saved["1.2.2"].explanation == "Theo hệ thống một cửa"
    assert sorted(result.changed) == ["1.1", "1.2.1", "1.2.2"]
    assert Assessment.objects.get(unit=unit_a).status == AssessmentStatus.DRAFT


def test_a_submission_needs_every_score_and_evidence_or_an_explanation(official_a, unit_a):
    index_set = open_set()
    result = save(
        official_a,
        unit_a,
        index_set,
        [
            entry(index_set, "1.1", {"done": True}),
            entry(index_set, "1.2.1", {"rate": "100"}, "Báo cáo 12/BC"),
        ],
        submit=True,
    )
    assert result.status == AssessmentStatus.DRAFT
    assert any(gap.startswith("1.1:") and "evidence" in gap for gap in result.missing)
    assert any(gap.startswith("1.2.2:") and "no self-score" in gap for gap in result.missing)

    result = save(
        official_a,
        unit_a,
        index_set,
        [
            entry(index_set, "1.1", {"done": True}, uploads=[Upload(pdf(), "15/KH-UBND")]),
            entry(index_set, "1.2.1", {"rate": "100"}, "Báo cáo 12/BC"),
            entry(index_set, "1.2.2", {"rate": "90"}, "Số liệu một cửa"),
        ],
        submit=True,
    )
    assessment = Assessment.objects.get(unit=unit_a)
    assert result.missing == []
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.submitted_by == official_a and assessment.submitted_at is not None


def test_survey_leaves_are_not_the_units_to_score(official_a, unit_a):
    index_set = open_set()
    with pytest.raises(Invalid):
        save(official_a, unit_a, index_set, [entry(index_set, "2.1", {"points": "3"})])
    assert not Score.objects.exists()


def test_after_submission_the_unit_can_no_longer_change_its_scores(official_a, unit_a):
    index_set = open_set()
    Assessment.objects.create(unit=unit_a, index_set=index_set, status=AssessmentStatus.SUBMITTED)
    with pytest.raises(Refused):
        save(official_a, unit_a, index_set, [entry(index_set, "1.1", {"done": True})])
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    "window",
    [
        {"self_assessment_opens": "tomorrow"},
        {"self_assessment_closes": "yesterday"},
        {"phase": Phase.APPRAISAL},
    ],
)
def test_outside_the_window_nothing_is_saved(official_a, unit_a, window):
    days = {"tomorrow": today() + timedelta(days=1), "yesterday": today() - timedelta(days=1)}
    index_set = open_set(**{key: days.get(value, value) for key, value in window.items()})
    with pytest.raises(Refused):
        save(official_a, unit_a, index_set, [entry(index_set, "1.1", {"done": True})])
    assert not Score.objects.exists() and not Assessment.objects.exists()


def test_an_input_the_rule_refuses_saves_nothing_of_the_submission(official_a, unit_a):
    index_set = open_set()
    with pytest.raises(Invalid) as error:
        save(
            official_a,
            unit_a,
            index_set,
            [entry(index_set, "1.1", {"done": True}), entry(index_set, "1.2.1", {"rate": "150"})],
        )
    assert error.value.problems == ["1.2.1: The rate 150 % is outside 0 to 100."]
    assert not Score.objects.exists()


def test_evidence_goes_through_the_storage_api_under_the_year_and_unit(official_a, unit_a):
    index_set = open_set()
    upload = Upload(
        pdf("Kế hoạch CCHC.pdf"), "15/KH-UBND", today(), "UBND phường", "Mục II, trang 3"
    )
    save(official_a, unit_a, index_set, [entry(index_set, "1.1", {"done": True}, uploads=[upload])])
    evidence = Evidence.objects.get()
    assert evidence.file.name.startswith("evidence/2024/phuong-a/")
    assert evidence.file.name.endswith(".pdf")
    assert default_storage.exists(evidence.file.name)
    assert evidence.original_name == "Kế hoạch CCHC.pdf"
    assert (evidence.document_number, evidence.issuer, evidence.section) == (
        "15/KH-UBND",
        "UBND phường",
        "Mục II, trang 3",
    )
    assert evidence.uploaded_by == official_a
    assert evidence.history.get().history_user == official_a


def test_every_change_keeps_who_when_and_the_old_and_new_values(official_a, unit_a):
    index_set = open_set()
    save(official_a, unit_a, index_set, [entry(index_set, "1.2.1", {"rate": "96"})])
    save(official_a, unit_a, index_set, [entry(index_set, "1.2.1", {"rate": "100"}, "Đủ")])
    score = Score.objects.get()
    first, second = score.history.order_by("history_date")
    assert (first.self_points, second.self_points) == (Decimal("1.00"), Decimal("3.00"))
    assert (first.explanation, second.explanation) == ("", "Đủ")
    assert first.history_user == second.history_user == official_a
    assert (first.history_type, second.history_type) == ("+", "~")
    assert second.history_date >= first.history_date


def test_saving_unchanged_values_writes_no_history(official_a, unit_a):
    index_set = open_set()
    save(official_a, unit_a, index_set, [entry(index_set, "1.1", {"done": True})])
    result = save(official_a, unit_a, index_set, [entry(index_set, "1.1", {"done": True})])
    assert result.changed == []
    assert Score.history.count() == 1


def test_a_later_save_over_someone_elses_change_is_refused_naming_the_leaf(official_a, unit_a):
    index_set = open_set()
    seen_by_both = versions(unit_a, index_set)
    save(
        official_a,
        unit_a,
        index_set,
        [entry(index_set, "1.1", {"done": True}), entry(index_set, "1.2.1", {"rate": "100"})],
        versions=seen_by_both,
    )
    with pytest.raises(Conflict) as conflict:
        save(
            official_a,
            unit_a,
            index_set,
            [entry(index_set, "1.1", {"done": False}), entry(index_set, "1.2.1", {"rate": "0"})],
            versions=seen_by_both,
        )
    assert [leaf.code for leaf in conflict.value.changed] == ["1.1", "1.2.1"]
    assert "1.1, 1.2.1" in conflict.value.message
    assert scores(unit_a)["1.1"].self_points == Decimal("2.00")  # the first save stands


def test_a_change_made_outside_the_forms_is_a_conflict_too(official_a, unit_a):
    index_set = open_set()
    make_score(unit_a, leaf(index_set, "1.1"), self_points=Decimal("2"))
    seen = versions(unit_a, index_set)
    score = Score.objects.get()
    score.self_points = Decimal("0")
    score.save()  # e.g. an administrator in Django admin: the version is not bumped
    with pytest.raises(Conflict):
        save(
            official_a, unit_a, index_set, [entry(index_set, "1.1", {"done": True})], versions=seen
        )


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


def test_a_150_leaf_form_saves_in_the_same_number_of_queries_as_a_5_leaf_form(official_a, unit_a):
    counts = {}
    for size in (5, 150):
        index_set = big_set(size)
        leaves = list(index_set.criteria.exclude(method="").order_by("sort_key"))

        def first_save(leaves=leaves, index_set=index_set):
            entries = [SelfEntry(item.pk, {"done": True}, "") for item in leaves]
            save(official_a, unit_a, index_set, entries, submit=True)

        def second_save(leaves=leaves, index_set=index_set):
            entries = [SelfEntry(item.pk, {"done": False}, "Chưa có") for item in leaves]
            save(official_a, unit_a, index_set, entries)

        assessment_created = _queries(first_save)
        Assessment.objects.filter(index_set=index_set).update(status=AssessmentStatus.DRAFT)
        counts[size] = (assessment_created, _queries(second_save))
        assert Score.objects.filter(criterion__index_set=index_set).count() == size
        assert Score.history.filter(criterion__index_set=index_set).count() == 2 * size
    assert counts[5] == counts[150]


def returned_set(official, unit, appraiser):
    """A set in appraisal whose item 1.2.1 was returned to the unit."""
    index_set = open_set(phase=Phase.APPRAISAL)
    score = make_score(
        unit, leaf(index_set, "1.2.1"), self_points=Decimal("3"), self_input={"rate": "100"}
    )
    Assessment.objects.create(unit=unit, index_set=index_set, status=AssessmentStatus.RETURNED)
    ReturnedItem.objects.create(score=score, question="Báo cáo nào?", returned_by=appraiser)
    return index_set


def test_the_unit_answers_returned_items_and_sends_them(official_a, unit_a, appraiser):
    index_set = returned_set(official_a, unit_a, appraiser)
    pk = leaf(index_set, "1.2.1").pk
    result = explanation_save(
        user=official_a,
        unit=unit_a,
        index_set=index_set,
        answers=[AnswerEntry(pk, "Báo cáo 45/BC ngày 2/12", {"rate": "96"}, (Upload(pdf()),))],
        versions=versions(unit_a, index_set),
        send=True,
    )
    item = ReturnedItem.objects.get()
    assert result.status == AssessmentStatus.EXPLAINED
    assert item.answer == "Báo cáo 45/BC ngày 2/12" and item.answered_by == official_a
    assert Score.objects.get().self_points == Decimal("1.00")
    assert Evidence.objects.count() == 1
    assert item.history.count() == 2  # returned, then answered


def test_explanations_are_sent_only_when_every_item_is_answered(official_a, unit_a, appraiser):
    index_set = returned_set(official_a, unit_a, appraiser)
    result = explanation_save(
        user=official_a,
        unit=unit_a,
        index_set=index_set,
        answers=[AnswerEntry(leaf(index_set, "1.2.1").pk, "")],
        versions=versions(unit_a, index_set),
        send=True,
    )
    assert result.status == AssessmentStatus.RETURNED
    assert result.missing == ["1.2.1: write the unit's explanation."]


def test_only_returned_items_can_be_explained(official_a, unit_a, appraiser):
    index_set = returned_set(official_a, unit_a, appraiser)
    with pytest.raises(Invalid):
        explanation_save(
            user=official_a,
            unit=unit_a,
            index_set=index_set,
            answers=[AnswerEntry(leaf(index_set, "1.1").pk, "x", {"done": True})],
            versions=versions(unit_a, index_set),
        )
    assert not Score.objects.filter(criterion__code="1.1").exists()


def test_removed_evidence_stays_in_storage_and_history(official_a, unit_a):
    index_set = open_set()
    save(
        official_a,
        unit_a,
        index_set,
        [entry(index_set, "1.1", {"done": True}, uploads=[Upload(pdf())])],
    )
    evidence = Evidence.objects.get()
    evidence_remove(user=official_a, evidence=evidence)
    evidence.refresh_from_db()
    assert evidence.removed_by == official_a and evidence.removed_at is not None
    assert default_storage.exists(evidence.file.name)
    assert evidence.history.count() == 2


def test_evidence_cannot_be_removed_after_submission(official_a, unit_a):
    index_set = open_set()
    save(
        official_a,
        unit_a,
        index_set,
        [entry(index_set, "1.1", {"done": True}, uploads=[Upload(pdf())])],
    )
    Assessment.objects.update(status=AssessmentStatus.SUBMITTED)
    with pytest.raises(Refused):
        evidence_remove(user=official_a, evidence=Evidence.objects.get())
    assert Evidence.objects.get().removed_at is None


def test_updated_scores_are_recorded_with_their_new_values_user_and_reason(official_a, unit_a):
    """write_scores copies the rows it updated into their history in one statement: each
    with the values as saved, the writer, the reason and the update mark."""
    index_set = big_set(3)
    scores = [
        make_score(unit_a, item, self_points=1) for item in index_set.criteria.exclude(method="")
    ]
    for score in scores[:2]:
        score.self_points, score.version = Decimal("0.5"), score.version + 1
        score.updated_by, score.updated_at = official_a, timezone.now()
    write_scores(
        created=[], updated=scores[:2], fields=["self_points"], user=official_a, reason="nhập lại"
    )
    for score in scores[:2]:
        record = score.history.exclude(history_type="+").get()
        assert (record.self_points, record.version) == (Decimal("0.50"), score.version)
        assert (record.history_type, record.history_change_reason) == ("~", "nhập lại")
        assert record.history_user == official_a
    assert not scores[2].history.exclude(history_type="+").exists()
