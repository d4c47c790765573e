"""The appraisers', leaders' and admins' writes: appraisal, returns, finalising,
publication and corrections."""

from datetime import timedelta
from decimal import Decimal

import pytest

from assessments.models import Assessment, AssessmentStatus, ReturnedItem, Score, ScoreCorrection
from assessments.services.appraisal import (
    AppraisalEntry,
    appraisal_reopen,
    appraisal_save,
    index_set_publish,
    score_correct,
)
from assessments.services.common import Conflict, Invalid, Refused
from indexes.models import Phase
from tests.assessments.cycle_support import leaf, open_set, score_version, today, versions

pytestmark = pytest.mark.django_db


def appraise(user, unit, index_set, values, action="save", returns=(), seen=None):
    entries = [
        AppraisalEntry(
            leaf(index_set, code).pk,
            None if points is None else Decimal(points),
            comment,
        )
        for code, (points, comment) in values.items()
    ]
    return appraisal_save(
        user=user,
        unit=unit,
        index_set=index_set,
        entries=entries,
        versions=seen or versions(unit, index_set),
        action=action,
        return_ids=[leaf(index_set, code).pk for code in returns],
    )


def score(unit, index_set, code):
    return Score.objects.get(unit=unit, criterion=leaf(index_set, code))


def test_appraisers_set_appraised_scores_and_survey_points(appraiser, unit_a, submitted):
    appraise(appraiser, unit_a, submitted, {"1.1": ("2", ""), "2.1": ("3.8", "")})
    assert score(unit_a, submitted, "1.1").appraised_points == Decimal("2.00")
    survey = score(unit_a, submitted, "2.1")
    assert survey.appraised_points == Decimal("3.80") and survey.self_points is None
    assert score(unit_a, submitted, "1.1").self_points == Decimal("2.00")  # untouched


def test_a_score_below_the_self_score_needs_a_comment(appraiser, unit_a, submitted):
    with pytest.raises(Invalid) as error:
        appraise(appraiser, unit_a, submitted, {"1.1": ("2", ""), "1.2.1": ("1", "")})
    assert error.value.problems == ["1.2.1: the appraised score is below the self-score: say why."]
    assert score(unit_a, submitted, "1.1").appraised_points is None  # nothing saved
    appraise(appraiser, unit_a, submitted, {"1.2.1": ("1", "Kế hoạch chỉ đạt 96 %")})
    assert score(unit_a, submitted, "1.2.1").appraised_points == Decimal("1.00")


def test_points_above_the_max_are_refused(appraiser, unit_a, submitted):
    with pytest.raises(Invalid) as error:
        appraise(appraiser, unit_a, submitted, {"1.1": ("2.5", "")})
    assert "outside 0 to 2" in error.value.problems[0]


def test_appraisers_never_touch_the_units_fields(appraiser, unit_a, submitted):
    appraise(appraiser, unit_a, submitted, {"1.2.2": ("0.5", "Thiếu minh chứng")})
    saved = score(unit_a, submitted, "1.2.2")
    assert saved.self_points == Decimal("0.90") and saved.explanation == ""


def test_leaders_and_officials_cannot_appraise(leader, official_a, unit_a, submitted):
    for user in (leader, official_a):
        with pytest.raises(Refused):
            appraise(user, unit_a, submitted, {"1.1": ("0", "x")})


def test_two_appraisers_saving_the_same_leaf_do_not_overwrite_each_other(
    appraiser, admin_user, unit_a, submitted
):
    seen = versions(unit_a, submitted)
    appraise(appraiser, unit_a, submitted, {"1.1": ("0", "Chậm")}, seen=seen)
    with pytest.raises(Conflict) as conflict:
        appraise(admin_user, unit_a, submitted, {"1.1": ("2", "")}, seen=seen)
    assert conflict.value.changed[0].code == "1.1"
    assert conflict.value.changed[0].changed_by == "appraiser"
    assert score(unit_a, submitted, "1.1").appraised_points == Decimal("0.00")


def test_returning_items_asks_the_unit_the_comment(appraiser, unit_a, submitted):
    appraise(
        appraiser,
        unit_a,
        submitted,
        {"1.2.2": ("0.5", "Số liệu nào?")},
        action="return",
        returns=["1.2.2"],
    )
    item = ReturnedItem.objects.get()
    assert item.question == "Số liệu nào?" and item.returned_by == appraiser
    assessment = Assessment.objects.get()
    assert assessment.status == AssessmentStatus.RETURNED and assessment.returned_at


def test_a_returned_item_needs_a_question(appraiser, unit_a, submitted):
    with pytest.raises(Invalid):
        appraise(
            appraiser, unit_a, submitted, {"1.1": (None, "")}, action="return", returns=["1.1"]
        )
    assert not ReturnedItem.objects.exists()
    assert Assessment.objects.get().status == AssessmentStatus.SUBMITTED


def test_finalising_needs_the_survey_points(appraiser, unit_a, submitted):
    with pytest.raises(Invalid) as error:
        appraise(appraiser, unit_a, submitted, {}, action="finalise")
    assert error.value.problems == ["2.1: no survey points yet."]
    appraise(appraiser, unit_a, submitted, {"2.1": ("4", "")}, action="finalise")
    assessment = Assessment.objects.get()
    assert assessment.status == AssessmentStatus.APPRAISED
    assert assessment.appraised_by == appraiser


def test_a_returned_unit_is_finalised_only_after_its_window_closes(appraiser, unit_a, submitted):
    submitted.explanation_closes = today()
    submitted.save()
    appraise(appraiser, unit_a, submitted, {"1.1": ("0", "?"), "2.1": ("4", "")}, "return", ["1.1"])
    with pytest.raises(Refused):
        appraise(appraiser, unit_a, submitted, {}, action="finalise")
    submitted.explanation_closes = today() - timedelta(days=1)
    submitted.save()
    appraise(appraiser, unit_a, submitted, {}, action="finalise")
    assert ReturnedItem.objects.get().closed_by == appraiser


def test_a_final_appraisal_is_frozen_until_reopened(appraiser, unit_a, submitted):
    appraise(appraiser, unit_a, submitted, {"2.1": ("4", "")}, action="finalise")
    with pytest.raises(Refused):
        appraise(appraiser, unit_a, submitted, {"1.1": ("0", "x")})
    appraisal_reopen(user=appraiser, unit=unit_a, index_set=submitted)
    assert Assessment.objects.get().status == AssessmentStatus.SUBMITTED
    appraise(appraiser, unit_a, submitted, {"1.1": ("0", "x")})


def test_a_unit_that_never_submitted_can_still_be_appraised(appraiser, unit_b, submitted):
    appraise(appraiser, unit_b, submitted, {"1.1": ("0", ""), "2.1": ("2", "")}, "finalise")
    assessment = Assessment.objects.get(unit=unit_b)
    assert assessment.status == AssessmentStatus.APPRAISED and assessment.submitted_at is None


def test_publishing_needs_every_unit_appraised(leader, appraiser, unit_a, unit_b, submitted):
    with pytest.raises(Invalid) as error:
        index_set_publish(user=leader, index_set=submitted)
    assert set(error.value.problems) == {"Phường A", "Xã B"}
    for unit in (unit_a, unit_b):
        appraise(appraiser, unit, submitted, {"2.1": ("4", "")}, action="finalise")
    index_set_publish(user=leader, index_set=submitted)
    submitted.refresh_from_db()
    assert submitted.phase == Phase.PUBLISHED and submitted.published_on == today()


def test_only_leaders_and_admins_publish(appraiser, official_a, submitted):
    for user in (appraiser, official_a):
        with pytest.raises(Refused):
            index_set_publish(user=user, index_set=submitted)


def test_published_scores_are_frozen_except_for_an_admins_correction(
    appraiser, admin_user, unit_a, submitted
):
    submitted.phase = Phase.PUBLISHED
    submitted.save()
    with pytest.raises(Refused):
        appraise(appraiser, unit_a, submitted, {"1.1": ("0", "x")})
    with pytest.raises(Refused):
        correct_1_1(appraiser, unit_a, submitted, "1", "x")
    with pytest.raises(Invalid):
        correct_1_1(admin_user, unit_a, submitted, "1", "  ")
    correct_1_1(admin_user, unit_a, submitted, "0", "Quyết định 20/QĐ-UBND điều chỉnh kết quả")
    corrected = score(unit_a, submitted, "1.1")
    correction = ScoreCorrection.objects.get()
    assert corrected.appraised_points == Decimal("0.00")
    assert (correction.old_points, correction.new_points) == (Decimal("2.00"), Decimal("0.00"))
    latest = corrected.history.latest("history_date")
    assert latest.history_change_reason == "Quyết định 20/QĐ-UBND điều chỉnh kết quả"
    assert latest.history_user == admin_user


def correct_1_1(user, unit, index_set, points, reason):
    """Corrects leaf 1.1 over the score as it stands now."""
    criterion = leaf(index_set, "1.1")
    return score_correct(
        user=user,
        unit=unit,
        criterion=criterion,
        new_points=Decimal(points),
        reason=reason,
        version=score_version(unit, criterion),
    )


def test_a_correction_over_someone_elses_is_a_conflict(admin_user, unit_a, submitted):
    submitted.phase = Phase.PUBLISHED
    submitted.save()
    shown = score_version(unit_a, leaf(submitted, "1.1"))
    correct = {"user": admin_user, "unit": unit_a, "criterion": leaf(submitted, "1.1")}
    score_correct(**correct, new_points=Decimal("0"), reason="Lần một", version=shown)
    with pytest.raises(Conflict):
        score_correct(**correct, new_points=Decimal("2"), reason="Lần hai", version=shown)
    assert score(unit_a, submitted, "1.1").appraised_points == Decimal("0.00")


def test_corrections_wait_for_publication(admin_user, unit_a, submitted):
    with pytest.raises(Refused):
        correct_1_1(admin_user, unit_a, submitted, "1", "sớm")


def test_forged_leaves_of_another_set_are_refused(appraiser, unit_a, submitted):
    other = open_set(phase=Phase.APPRAISAL)
    with pytest.raises(Invalid):
        appraisal_save(
            user=appraiser,
            unit=unit_a,
            index_set=submitted,
            entries=[AppraisalEntry(leaf(other, "1.1").pk, Decimal("1"), "")],
            versions={},
        )
    assert not Score.objects.filter(criterion__index_set=other).exists()


def test_appraised_points_the_rule_cannot_give_are_refused_and_nothing_is_saved(
    appraiser, unit_a, submitted
):
    """1.1 is done or not (0 or 2); 1.2.1's bands give 3, 1 or 0: the form's typed
    points are held to the rule as the imports are."""
    with pytest.raises(Invalid) as refused:
        appraise(appraiser, unit_a, submitted, {"1.1": ("1.5", "Chậm"), "1.2.1": ("2", "x")})
    assert refused.value.problems == [
        "1.1: 1.5 points is not a score the leaf's rule gives; the rule gives 0 or 2.",
        "1.2.1: 2 points is not a score the leaf's rule gives; the rule gives 3; 1 or 0.",
    ]
    assert not Score.objects.filter(appraised_points__isnull=False).exists()


def test_a_score_stored_before_the_rule_check_can_still_be_saved_unchanged(
    appraiser, unit_a, submitted
):
    """Only a new value is held to the rule: a form that shows a stored 1,5 saves again."""
    stored = score(unit_a, submitted, "1.1")
    Score.objects.filter(pk=stored.pk).update(appraised_points=Decimal("1.5"))
    appraise(appraiser, unit_a, submitted, {"1.1": ("1.5", "Thiếu một phần")})
    assert score(unit_a, submitted, "1.1").appraiser_comment == "Thiếu một phần"
    with pytest.raises(Invalid):
        appraise(appraiser, unit_a, submitted, {"1.1": ("1.25", "x")})
