"""The self-assessment form, walked through every persona, bad input and race."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, AssessmentStatus, Evidence, Score
from indexes.models import Phase
from tests.assessments.cycle_support import (
    COMPLETE,
    PDF,
    big_set,
    leaf,
    open_set,
    pdf,
    self_assessment_data,
    self_assessment_url,
    today,
)
from tests.conftest import assert_sent_to_login, client_for, english_client
from tests.factories import make_criterion
from tests.indexes.scoring.samples import LEVELS_1_1_1

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_set():
    """The factory tree plus field 3 with a levels leaf, a count leaf and a typed-points leaf."""
    index_set = open_set()
    field = make_criterion(index_set, "3", "4")
    make_criterion(
        index_set,
        "3.1",
        "1",
        parent=field,
        method="appraisal",
        rule=LEVELS_1_1_1,
        evidence_hint="Kế hoạch CCHC năm",
    )
    make_criterion(
        index_set,
        "3.2",
        "1",
        parent=field,
        method="appraisal",
        rule={"type": "count", "per_item": 0.5, "cap": 1},
    )
    make_criterion(index_set, "3.3", "2", parent=field, method="other", rule={})
    return index_set


def url(unit, index_set):
    return self_assessment_url(unit, index_set)


def test_anonymous_visitors_are_sent_to_login(anonymous_client, unit_a, index_set):
    for method in ("get", "post"):
        assert_sent_to_login(getattr(anonymous_client, method)(url(unit_a, index_set)))


def test_an_official_of_another_unit_gets_404(official_b, unit_a, index_set):
    client = client_for(official_b)
    assert client.get(url(unit_a, index_set)).status_code == 404
    assert client.post(url(unit_a, index_set), {}).status_code == 404


def test_a_set_for_another_kind_of_unit_is_a_404(official_a, unit_a):
    departments = open_set(unit_kinds=["department"])
    assert client_for(official_a).get(url(unit_a, departments)).status_code == 404


@pytest.mark.parametrize("persona", ["appraiser", "leader", "admin_user"])
def test_other_roles_read_the_form_without_edit_controls_and_cannot_post(
    request, persona, unit_a, index_set
):
    client = english_client(request.getfixturevalue(persona))
    response = client.get(url(unit_a, index_set))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tiêu chí 1.2.1" in html
    assert 'name="action"' not in html and "Save draft" not in html
    assert "Only the unit&#x27;s own officials fill in its self-assessment." in html
    response = client.post(
        url(unit_a, index_set), self_assessment_data(unit_a, index_set, COMPLETE)
    )
    assert response.status_code == 403
    assert not Score.objects.exists()


def test_wrong_methods_are_refused(official_a, unit_a, index_set):
    client = client_for(official_a)
    assert client.put(url(unit_a, index_set)).status_code == 405
    assert client.delete(url(unit_a, index_set)).status_code == 405


def test_the_form_shows_the_whole_tree_with_max_rule_hint_and_inputs_by_rule(
    official_a, unit_a, index_set
):
    html = english_client(official_a).get(url(unit_a, index_set)).content.decode()
    assert "1. Tiêu chí 1" in html and "3. Tiêu chí 3" in html  # grouped by field
    assert "Kế hoạch CCHC năm" in html  # evidence hint
    assert "max 2.00 points" in html and "≥ 100 % → 3" in html
    for code in ("1.1", "1.2.1", "1.2.2", "3.1", "3.2", "3.3"):
        assert f'name="leaf-{leaf(index_set, code).pk}-value"' in html
    survey = leaf(index_set, "2.1").pk
    assert f'name="leaf-{survey}-value"' not in html  # survey leaves are read-only
    assert "Survey points are entered by the appraisers." in html
    assert "Đúng thời hạn (1)" in html  # the levels of 3.1
    assert 'id="leaf-rules"' in html  # rule data for the live preview
    assert "Subtotal" in html


def test_saving_a_draft_stores_the_points_each_rule_gives(official_a, unit_a, index_set):
    client = english_client(official_a)
    values = {
        **COMPLETE,
        "3.1": {"value": "1"},  # "Chậm"
        "3.2": {"value": "3"},
        "3.3": {"value": "1,25"},
    }
    response = client.post(url(unit_a, index_set), self_assessment_data(unit_a, index_set, values))
    assert response.status_code == 302
    saved = {s.criterion.code: s for s in Score.objects.select_related("criterion")}
    assert saved["1.1"].self_points == Decimal("2.00")
    assert saved["1.2.2"].self_points == Decimal("0.88")
    assert saved["1.2.2"].self_input == {"rate": "87.5"}
    assert saved["3.1"].self_input == {"level": "Chậm"}
    assert saved["3.1"].self_points == Decimal("0.50")
    assert saved["3.2"].self_points == Decimal("1.00")  # 3 × 0.5, capped at 1
    assert saved["3.3"].self_points == Decimal("1.25")
    assert Assessment.objects.get().status == AssessmentStatus.DRAFT
    html = client.get(url(unit_a, index_set)).content.decode()
    assert "Saved: 6 leaves changed, 0 files attached." in html
    assert "0.88" in html  # the points the rate gives, shown once saved


def test_vietnamese_decimal_commas_are_read_and_shown(official_a, unit_a, index_set):
    client = client_for(official_a)  # Vietnamese, the default language
    data = self_assessment_data(unit_a, index_set, {"1.2.2": {"value": "87,5"}})
    assert client.post(url(unit_a, index_set), data).status_code == 302
    html = client.get(url(unit_a, index_set)).content.decode()
    assert 'value="87,5"' in html and "0,88" in html


def test_submitting_a_complete_form_with_evidence_hands_it_in(official_a, unit_a, index_set):
    client = english_client(official_a)
    values = {
        **COMPLETE,
        "3.1": {"value": "0", "explanation": "x"},
        "3.2": {"value": "2", "explanation": "x"},
        "3.3": {"value": "2", "explanation": "x"},
    }
    data = self_assessment_data(unit_a, index_set, values, action="submit")
    pk = leaf(index_set, "1.1").pk
    data[f"leaf-{pk}-files"] = pdf("ke-hoach.pdf")
    data[f"leaf-{pk}-doc_number"] = "15/KH-UBND"
    data[f"leaf-{pk}-doc_date"] = "2024-01-15"
    data[f"leaf-{pk}-issuer"] = "UBND phường A"
    data[f"leaf-{pk}-section"] = "Mục II"
    response = client.post(url(unit_a, index_set), data)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.status == AssessmentStatus.SUBMITTED and assessment.submitted_by == official_a
    evidence = Evidence.objects.get()
    assert (evidence.document_number, str(evidence.document_date)) == ("15/KH-UBND", "2024-01-15")
    html = client.get(url(unit_a, index_set)).content.decode()
    assert "The self-assessment was submitted to the appraisers." in html
    assert "ke-hoach.pdf" in html
    assert 'name="action"' not in html  # read-only after submission
    assert "can change it only on items an appraiser returns" in html
    assert client.post(url(unit_a, index_set), data).status_code == 403


def test_an_incomplete_submission_is_kept_as_a_draft_and_points_at_what_is_missing(
    official_a, unit_a, index_set
):
    client = english_client(official_a)
    data = self_assessment_data(unit_a, index_set, {"1.1": {"value": "yes"}}, action="submit")
    response = client.post(url(unit_a, index_set), data, follow=True)
    html = response.content.decode()
    assert Assessment.objects.get().status == AssessmentStatus.DRAFT
    assert "Not submitted:" in html and "the self-assessment stays a draft" in html
    assert "Before you can submit" in html
    assert f'href="#leaf-{leaf(index_set, "1.2.1").pk}"' in html
    assert "no self-score yet" in html
    assert "attach evidence or explain why there is none" in html


def test_a_unit_just_starting_sees_its_long_list_of_gaps_folded(official_a, unit_a, index_set):
    field = make_criterion(index_set, "9", "9")
    for n in range(1, 10):
        make_criterion(
            index_set, f"9.{n}", "1", parent=field, method="appraisal",
            rule={"type": "boolean", "true_points": 1},
        )  # fmt: skip
    html = english_client(official_a).get(url(unit_a, index_set)).content.decode()
    gaps = html[html.index("Before you can submit") :]
    gaps = gaps[: gaps.index("</section>")]
    assert '<details class="gaps-list"><summary>15 items still to complete</summary>' in gaps
    assert gaps.count("no self-score yet") == 15  # all of them, a click away


def test_a_short_list_of_gaps_stays_open(official_a, unit_a, index_set):
    html = english_client(official_a).get(url(unit_a, index_set)).content.decode()
    assert "Before you can submit" in html and "no self-score yet" in html
    assert "items still to complete" not in html


TOO_BIG = SimpleUploadedFile("lon.pdf", PDF + b"0" * (1024 * 1024 + 1))


@pytest.mark.parametrize(
    ("code", "part", "value", "says"),
    [
        ("3.3", "value", "2,5", "2,5 is above the maximum of 2.00."),
        ("3.3", "value", "-1", "-1 is below 0."),
        ("3.3", "value", "1,255", "1,255 has more than two decimals."),
        ("3.3", "value", "hai", "&quot;hai&quot; is not a number; write it like 7,5."),
        ("3.3", "value", "1.234,5", "is not a number"),
        ("1.2.1", "value", "101", "101 % is above the maximum of 100 %."),
        ("3.2", "value", "1,5", "1,5 is not a whole number."),
        ("3.1", "value", "7", "Select a valid choice."),
        ("1.1", "value", "maybe", "Select a valid choice."),
        ("1.1", "files", SimpleUploadedFile("virus.exe", b"MZ"), "is not an accepted type"),
        ("1.1", "files", SimpleUploadedFile("gia.pdf", b"MZ fake"), "is not a real PDF file"),
        ("1.1", "files", TOO_BIG, "the limit is 1 MB per file"),
        ("1.1", "doc_number", "15/KH", "Choose the file that this document information describes."),
        ("1.1", "explanation", "x" * 4001, "Ensure this value has at most 4000 characters"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    settings, official_a, unit_a, index_set, code, part, value, says
):
    settings.UPLOAD_MAX_MB = 1
    TOO_BIG.seek(0)
    data = self_assessment_data(unit_a, index_set, {**COMPLETE, code: {part: value}})
    response = english_client(official_a).post(url(unit_a, index_set), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved: please correct the marked leaves." in html
    assert says in html
    assert not Score.objects.exists() and not Evidence.objects.exists()
    assert not Assessment.objects.exists()


def test_a_forged_field_for_another_leaf_or_unit_saves_nothing(
    official_a, unit_a, unit_b, index_set
):
    other_set = open_set()
    client = english_client(official_a)
    forgeries = [
        {f"leaf-{leaf(other_set, '1.1').pk}-value": "yes"},  # a leaf of another set
        {f"leaf-{leaf(index_set, '2.1').pk}-value": "4"},  # the survey leaf
        {"unit": unit_b.code},  # the hidden unit field
        {"versions": "not json"},
    ]
    for forged in forgeries:
        data = {**self_assessment_data(unit_a, index_set, COMPLETE), **forged}
        response = client.post(url(unit_a, index_set), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "nothing was saved" in html.lower()
    assert not Score.objects.exists()


def test_outside_the_window_the_form_is_read_only_and_says_why(official_a, unit_a):
    late = open_set(self_assessment_closes=today() - timedelta(days=1))
    client = english_client(official_a)
    html = client.get(url(unit_a, late)).content.decode()
    closed_on = (today() - timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"The self-assessment closed on {closed_on}." in html
    assert 'name="action"' not in html
    response = client.post(url(unit_a, late), self_assessment_data(unit_a, late, COMPLETE))
    assert response.status_code == 403
    assert f"closed on {closed_on}" in response.content.decode()
    assert not Score.objects.exists()
    early = open_set(self_assessment_opens=today() + timedelta(days=2))
    assert "The self-assessment opens on" in client.get(url(unit_a, early)).content.decode()
    preparing = open_set(phase=Phase.PREPARING)
    assert "has not opened yet" in client.get(url(unit_a, preparing)).content.decode()


def test_the_later_of_two_saves_is_refused_naming_what_changed(official_a, unit_a, index_set):
    colleague = make_colleague(unit_a)
    mine = self_assessment_data(unit_a, index_set, {"1.1": {"value": "yes"}})
    theirs = self_assessment_data(
        unit_a, index_set, {"1.1": {"value": "no", "explanation": "Chưa làm"}}
    )
    assert english_client(colleague).post(url(unit_a, index_set), theirs).status_code == 302
    response = english_client(official_a).post(url(unit_a, index_set), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved: someone else changed 1.1 since you opened this page." in html
    assert "Changed by Đồng nghiệp" in html and "Chưa làm" in html
    score = Score.objects.get()
    assert score.self_points == Decimal("0.00") and score.updated_by == colleague
    # The page now carries the current versions: saving again is a deliberate overwrite.
    again = {key: value for key, value in response.context["form"].data.items()}
    assert english_client(official_a).post(url(unit_a, index_set), again).status_code == 302
    assert Score.objects.get().self_points == Decimal("2.00")


def make_colleague(unit):
    from accounts.models import Role
    from tests.factories import make_user

    return make_user(role=Role.OFFICIAL, unit=unit, first_name="Đồng", last_name="nghiệp")


def _count(client, method, *args) -> int:
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(*args)
    assert response.status_code in (200, 302)
    return len(context.captured_queries)


def test_the_form_renders_and_saves_in_a_constant_number_of_queries(official_a, unit_a):
    client = client_for(official_a)
    counts = {}
    for size in (5, 150):
        index_set = big_set(size)
        rendered = _count(client, "get", url(unit_a, index_set))
        data = self_assessment_data(unit_a, index_set)
        for pk in index_set.criteria.exclude(method="").values_list("pk", flat=True):
            data[f"leaf-{pk}-value"] = "yes"
            data[f"leaf-{pk}-explanation"] = "Có"
        saved = _count(client, "post", url(unit_a, index_set), data)
        assert Score.objects.filter(criterion__index_set=index_set).count() == size
        counts[size] = (rendered, saved)
    assert counts[5] == counts[150], counts
    assert counts[150][0] <= 14 and counts[150][1] <= 18, counts


def test_leaf_anchors_and_script_hooks_never_group_digits(official_a, unit_a):
    """Ids above 999 once rendered as "leaf-1.163" in Vietnamese, breaking links and the
    live preview."""
    index_set = open_set(with_tree=False)
    field = make_criterion(index_set, "1", "1", id=12345)
    make_criterion(
        index_set, "1.1", "1", parent=field, method="appraisal", rule={"type": "boolean"}, id=12346
    )
    html = client_for(official_a).get(url(unit_a, index_set)).content.decode()
    assert 'id="leaf-12346"' in html and 'data-points-for="12346"' in html
    assert 'href="#leaf-12346"' in html
    assert "12.346" not in html and "12,346" not in html


NASTY = [
    "",
    " ",
    "1e3",
    "NaN",
    "Infinity",
    "-0",
    "0x10",
    "１２",
    "9" * 60,
    "<script>alert(1)</script>",
    "a\x00b",
    "7,5,5",
    "1_000",
    "٣",
]


def test_no_input_makes_a_500(official_a, unit_a, index_set):
    client = english_client(official_a)
    parts = {"1.1": "value", "1.2.1": "value", "3.1": "value", "3.2": "value", "3.3": "value"}
    for value in NASTY:
        for code, part in parts.items():
            data = self_assessment_data(unit_a, index_set, {code: {part: value}})
            data[f"leaf-{leaf(index_set, '1.1').pk}-doc_date"] = "2024-02-30"
            assert client.post(url(unit_a, index_set), data).status_code in (200, 302)
        for versions in ("[]", "null", '{"x": "1"}', '{"1": []}', value):
            data = self_assessment_data(unit_a, index_set, {"1.1": {"explanation": value}})
            data["versions"] = versions
            assert client.post(url(unit_a, index_set), data).status_code in (200, 302)
    assert not Score.objects.filter(self_points__gt=F("max_points")).exists()


def _total_bar(html: str) -> str:
    start = html.index('<p class="total-bar"')
    return " ".join(html[start : html.index("</p>", start)].split())


def test_the_total_counts_what_the_unit_can_enter_beside_the_whole_set(official_a, unit_a):
    """A perfect self-assessment once read 60 %: the 4 survey points (of 10) counted in
    its maximum although only the appraisers enter them."""
    index_set = open_set()  # 6 points the unit scores, 4 survey points
    client = english_client(official_a)
    values = {
        "1.1": {"value": "yes", "explanation": "x"},
        "1.2.1": {"value": "100", "explanation": "x"},
        "1.2.2": {"value": "100", "explanation": "x"},
    }
    assert client.post(url(unit_a, index_set), self_assessment_data(unit_a, index_set, values))
    bar = _total_bar(client.get(url(unit_a, index_set)).content.decode())
    assert ">6.00 / 6.00</strong>" in bar and "(100.00 %)" in bar
    assert "whole index set: 10.00 points, of which 4.00 survey points are entered" in bar
    vietnamese = _total_bar(client_for(official_a).get(url(unit_a, index_set)).content.decode())
    assert ">6,00 / 6,00</strong>" in vietnamese and "(100,00 %)" in vietnamese
    assert "10,00" in vietnamese and "4,00" in vietnamese


def test_without_survey_leaves_the_total_is_the_whole_set(official_a, unit_a):
    index_set = big_set(3)
    bar = _total_bar(english_client(official_a).get(url(unit_a, index_set)).content.decode())
    assert ">0.00 / 3.00</strong>" in bar and "(0.00 %)" in bar
    assert "whole index set" not in bar
