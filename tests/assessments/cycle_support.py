"""Helpers of the cycle tests: sets in a given phase, and the POST data of the forms."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assessments.appraisal_forms import AppraisalForm
from assessments.entry_forms import ExplanationForm, SelfAssessmentForm
from assessments.entry_selectors import unit_sheet
from assessments.models import Assessment, AssessmentStatus, Score
from assessments.services.common import score_token
from indexes.models import Method, Phase
from indexes.rule_inputs import input_kind
from tests.conftest import client_for
from tests.factories import make_criterion, make_index_set, make_score

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def today():
    return timezone.localdate()


def open_set(**overrides):
    """A 2024 set whose self-assessment is open today (the factory's 5-leaf tree)."""
    values = {
        "year": 2024,
        "phase": Phase.SELF_ASSESSMENT,
        "self_assessment_opens": today() - timedelta(days=5),
        "self_assessment_closes": today() + timedelta(days=10),
    }
    values.update(overrides)
    return make_index_set(**values)


def submitted_set(unit, official):
    """A set in appraisal where `unit` submitted 1.1 = 2, 1.2.1 = 3 (noting "Báo cáo 12")
    and 1.2.2 = 0.9; the window for explanations closes in five days."""
    index_set = open_set(phase=Phase.APPRAISAL, explanation_closes=today() + timedelta(days=5))
    for code, value, note in (("1.1", "2", ""), ("1.2.1", "3", "Báo cáo 12"), ("1.2.2", "0.9", "")):
        make_score(unit, leaf(index_set, code), self_points=Decimal(value), explanation=note)
    Assessment.objects.create(
        unit=unit,
        index_set=index_set,
        status=AssessmentStatus.SUBMITTED,
        submitted_by=official,
        submitted_at=timezone.now(),
    )
    return index_set


def big_set(leaves: int, **overrides):
    """A set with one field of `leaves` boolean appraisal leaves worth 1 point each."""
    index_set = open_set(with_tree=False, **overrides)
    field = make_criterion(index_set, "1", str(leaves))
    for n in range(1, leaves + 1):
        make_criterion(
            index_set,
            f"1.{n}",
            "1",
            parent=field,
            method="appraisal",
            rule={"type": "boolean", "true_points": 1},
        )
    return index_set


def leaf(index_set, code):
    return index_set.criteria.get(code=code)


def versions(unit, index_set) -> dict:
    """The version of every leaf as the unit's sheet shows it: what a form posts back."""
    return {row.id: row.token for row in unit_sheet(index_set=index_set, unit=unit).rows}


def score_version(unit, criterion) -> str:
    """The version of the unit's score of one leaf (or of no score yet) as it stands now."""
    return score_token(Score.objects.filter(unit=unit, criterion=criterion).first())


def pdf(name="bien-ban.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _initial_data(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        if name.endswith("-files"):
            continue
        value = form.get_initial_for_field(field, name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        value = field.prepare_value(value)
        data[name] = "" if value is None else str(value)
    return data


def _form_data(form_class, unit, index_set, values, action) -> dict:
    """The form as the page shows it, with `values` ({code: {part: value}}) typed in."""
    data = _initial_data(form_class(sheet=unit_sheet(index_set=index_set, unit=unit)))
    for code, parts in (values or {}).items():
        pk = leaf(index_set, code).pk
        for part, value in parts.items():
            data[f"leaf-{pk}-{part}"] = value
    data["action"] = action
    return data


def self_assessment_data(unit, index_set, values=None, action="save") -> dict:
    return _form_data(SelfAssessmentForm, unit, index_set, values, action)


def explanation_data(unit, index_set, values=None, action="save") -> dict:
    return _form_data(ExplanationForm, unit, index_set, values, action)


def appraisal_data(unit, index_set, values=None, action="save") -> dict:
    return _form_data(AppraisalForm, unit, index_set, values, action)


def _sheet_url(view_name, unit, index_set):
    kwargs = {"unit_code": unit.code, "set_code": index_set.code}
    return reverse(f"assessments:{view_name}", kwargs=kwargs)


def self_assessment_url(unit, index_set):
    return _sheet_url("self-assessment", unit, index_set)


def explanation_url(unit, index_set):
    return _sheet_url("explanation", unit, index_set)


def appraisal_url(unit, index_set):
    return _sheet_url("appraisal", unit, index_set)


def detail_url(unit, criterion):
    return reverse(
        "assessments:score-detail", kwargs={"unit_code": unit.code, "criterion_id": criterion.pk}
    )


COMPLETE = {
    "1.1": {"value": "yes", "explanation": ""},
    "1.2.1": {"value": "100", "explanation": "Báo cáo số 12"},
    "1.2.2": {"value": "87,5", "explanation": "Hệ thống một cửa"},
}


def points(value: str) -> Decimal:
    return Decimal(value)


# --- the 2024 demo cycle, played by the demo accounts (test_view_demo_cycle and the
# notifications' play-through) ---------------------------------------------------------

DEMO_TYPED = {"level": "0", "rate": "100", "done": "yes", "count": "2"}


def demo_login(username):
    return client_for(User.objects.get(username=username))


def demo_full_self_assessment(leaves) -> dict:
    """Every leaf the unit scores at its maximum (or a typed value), with a note."""
    return {
        item.code: {
            "value": DEMO_TYPED.get(input_kind(item), str(item.max_points)),
            "explanation": "Hồ sơ lưu tại văn phòng",
        }
        for item in leaves
        if item.method != Method.SURVEY
    }


def demo_board_units(appraiser, index_set) -> list:
    """The units of the set as the appraisal board lists them."""
    board = appraiser.get(reverse("assessments:appraisal-board")).context["board"]
    return [row.unit for row in board.rows if row.index_set == index_set]


def demo_import_full_survey(appraiser, index_set, leaves, units) -> None:
    """Import every unit's survey points at their maximum through the exchange pages."""
    survey = [item for item in leaves if item.method == Method.SURVEY]
    rows = "\n".join(f"{u.code},{item.code},{item.max_points}" for u in units for item in survey)
    upload = SimpleUploadedFile("sipas-2024.csv", rows.encode())
    import_url = reverse("exchange:survey-import", kwargs={"code": index_set.code})
    check = appraiser.post(import_url, {"file": upload})
    assert check.status_code == 200 and not check.context["result"].problems
    confirm = reverse("exchange:survey-import-confirm", kwargs={"code": index_set.code})
    preview = check.context["confirm_form"].initial["preview"]
    assert appraiser.post(confirm, {"preview": preview}).status_code == 302


def demo_return_first_item(appraiser, unit, index_set, leaves):
    """The appraiser returns the unit's first scored leaf for explanation; returns it."""
    returned = next(item for item in leaves if item.method != Method.SURVEY)
    data = appraisal_data(
        unit,
        index_set,
        {returned.code: {"appraised": "0", "comment": "Bổ sung văn bản", "return": "on"}},
        action="return",
    )
    assert appraiser.post(appraisal_url(unit, index_set), data).status_code == 302
    return returned
