"""Every workbook the product writes, downloaded with hostile text in every text it carries:
no cell is ever a formula, and every text reads back as it was typed.

Each user-typed (or admin-typed) text of the data below starts with one of the starts OWASP
names for CSV injection (=, +, -, @, a tab, a carriage return); the walk downloads every
export through its real view, opens it with openpyxl (formulas kept as formulas) and reads
every cell. `test_the_walk_knows_every_export` keeps the walk complete: a new download URL,
a new module that builds a workbook or a CSV, fails it until it is walked here.
"""

import ast
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from assessments.models import Adjustment, Evidence, ReturnedItem, ScoreCorrection
from commitments import services as commitment_services
from commitments.models import Award, AwardKind, Commitment, Initiative
from indexes.models import NotApplicable, Phase, TagExemption
from plans.models import ImprovementPlan, PlanPhase, PlanTask
from tests.conftest import client_for, english_client
from tests.factories import make_adjustment_item, make_index_set, make_score, make_unit, make_user
from units.models import Unit, UnitTag

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
APPS = [
    "units",
    "accounts",
    "indexes",
    "assessments",
    "commitments",
    "plans",
    "dashboards",
    "exchange",
    "demo",
]
STARTS = {
    "hyperlink": '=HYPERLINK("http://x","bấm")',
    "plus": "+1",
    "minus": "-1",
    "at": "@SUM(A1)",
    "tab": "\t=1",
    "carriage-return": "\r=1",
}
# Every URL that answers with a file, by name: each spreadsheet is walked below.
SPREADSHEET_URLS = {
    "exchange:set-template",
    "exchange:set-export",
    "exchange:unit-scores-export",
    "exchange:units-export",
    "exchange:year-export",
    "dashboards:ranking-export",
    "dashboards:matrix-export",
    "plans:export",
}
# JSON for other systems: no cell to run (the API's OpenAPI document among them).
NOT_SPREADSHEETS = {"exchange:year-json", "api-v1:openapi-json"}
# The modules that build workbooks: all of them write through cchc_tracker.spreadsheet_cells.
WRITERS = {
    "exchange/exports.py",
    "exchange/score_sheets.py",
    "exchange/set_workbook.py",
    "dashboards/exports.py",
    "commitments/exports.py",
    "plans/plan_exports.py",
}
FILE_ENDINGS = (".xlsx", ".xls", ".xlsm", ".csv", ".ods", ".json")


def as_read(text: str) -> str:
    """A text as any XML reader gets it back: a carriage return is read as a line break."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Hostile:
    """Texts that all start with `start`, each naming where it was typed."""

    def __init__(self, start: str) -> None:
        self.start = start

    def __call__(self, where: str) -> str:
        return f"{self.start} {where}"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"  # the headers the assertions name below
    settings.CCHC_DASHBOARD_FRESHNESS_SECONDS = 0


@pytest.fixture(params=list(STARTS), ids=list(STARTS))
def typed(request) -> Hostile:
    return Hostile(STARTS[request.param])


@pytest.fixture
def hostile_year(typed):
    """A published 2023 set and two units, every text of which starts with `typed.start`."""
    tag = UnitTag.objects.create(code="khong-tthc", name=typed("tag"), name_en=typed("tag en"))
    parent = make_unit(code="cao-lanh", name=typed("parent unit"), kind="district")
    unit_a = make_unit(code="phuong-a", name=typed("unit A"), parent=parent)
    unit_a.tags.add(tag)
    unit_b = make_unit(code="xa-b", name=typed("unit B"), kind="commune")
    index_set = make_index_set(
        code="xa-2023",
        year=2023,
        phase=Phase.PUBLISHED,
        name=typed("set"),
        name_en=typed("set en"),
        legal_basis_number=typed("decision number"),
    )
    for threshold in index_set.thresholds.all():
        threshold.label = typed(f"class {threshold.code}")
        threshold.label_en = typed(f"class {threshold.code} en")
        threshold.save()
    for node in index_set.criteria.all():
        node.name = typed(f"criterion {node.code}")
        node.name_en = typed(f"criterion {node.code} en")
        node.evidence_hint = typed(f"evidence hint {node.code}")
        node.data_source = typed(f"data source {node.code}")
        if node.code == "1.2.2":
            node.rule = {
                "type": "levels",
                "levels": [{"label": typed("level"), "points": 1}, {"label": "0", "points": 0}],
            }
        node.save()
    item = make_adjustment_item(index_set, label=typed("bonus"), label_en=typed("bonus en"))
    exemption = TagExemption.objects.create(index_set=index_set, tag=tag, reason=typed("exempt"))
    exemption.nodes.add(index_set.criteria.get(code="2.1"))
    NotApplicable.objects.create(
        unit=unit_b, criterion=index_set.criteria.get(code="1.2.2"), reason=typed("mark")
    )
    appraiser = make_user(role="appraiser", first_name=typed("first"), last_name=typed("last"))
    leaves = {node.code: node for node in index_set.criteria.exclude(method="")}
    for unit in (unit_a, unit_b):
        score = make_score(
            unit,
            leaves["1.1"],
            self_points=2,
            appraised_points=Decimal("1.5"),
            explanation=typed(f"explanation {unit.code}"),
            note=typed(f"note {unit.code}"),
            appraiser_comment=typed(f"comment {unit.code}"),
        )
        make_score(unit, leaves["1.2.1"], self_points=3, explanation=typed("line\r\nbreak"))
        ReturnedItem.objects.create(
            score=score, question=typed("question"), answer=typed("answer"), returned_by=appraiser
        )
        ScoreCorrection.objects.create(
            score=score, new_points=1, reason=typed("correction"), corrected_by=appraiser
        )
        Evidence.objects.create(
            score=score,
            file=ContentFile(b"%PDF-1.4", name="evidence.pdf"),
            original_name=typed("file.pdf"),
            document_number=typed("document number"),
            issuer=typed("issuer"),
            section=typed("section"),
        )
        Adjustment.objects.create(item=item, unit=unit, points=1, reason=typed("adjustment"))
        commitment_services.commitment_create(
            unit=unit,
            year=2023,
            signer_name=typed("signer"),
            signer_title=typed("signer title"),
            counterpart_name=typed("counterpart"),
            counterpart_title=typed("counterpart title"),
            pledges=typed("pledges"),
            place=typed("place"),
        )
        Award.objects.create(
            year=2023,
            kind=AwardKind.INDIVIDUAL,
            unit=unit,
            person_name=typed("person"),
            person_title=typed("person title"),
            decision_number=typed("award number"),
            decision_date=date(2024, 1, 31),
            reason=typed("award reason"),
        )
        Initiative.objects.create(
            year=2023, unit=unit, title=typed("initiative"), description=typed("description")
        )
    return index_set


def texts_of(response) -> list[str]:
    """Every text of the downloaded workbook; fails on a formula or an unguarded text."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content), data_only=False)
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate} = {cell.value!r}"
                assert cell.data_type != "f", where
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(("=", "+", "-", "@", "\t", "\n")):
                        assert cell.quotePrefix, f"{where}: Excel would run it once edited"
    return texts


def assert_carries(texts: list[str], typed: Hostile, *wheres: str) -> None:
    """Each typed text is a cell of its own, exactly as typed (line breaks as XML reads)."""
    missing = [where for where in wheres if as_read(typed(where)) not in texts]
    assert missing == []


def test_the_unit_sheets_carry_every_typed_text_as_text(hostile_year, typed):
    client = client_for(make_user(role="leader"))
    for unit_code, reason in (("phuong-a", "exempt"), ("xa-b", "mark")):
        url = reverse(
            "exchange:unit-scores-export",
            kwargs={"code": hostile_year.code, "unit_code": unit_code},
        )
        texts = texts_of(client.get(url))
        assert_carries(
            texts,
            typed,
            f"unit {unit_code[-1].upper()}",
            "set",
            "criterion 1",
            "criterion 1.2.1",
            reason,
            f"explanation {unit_code}",
            f"comment {unit_code}",
            "line\r\nbreak",
        )


def test_the_year_workbook_carries_every_typed_text_as_text(hostile_year, typed):
    url = reverse("exchange:year-export", kwargs={"year": 2023})
    texts = texts_of(client_for(make_user(role="leader")).get(url))
    assert_carries(
        texts,
        typed,
        "unit A",
        "unit B",
        "parent unit",
        "set",
        "criterion 2.1",
        "exempt",
        "mark",
        "explanation phuong-a",
        "comment xa-b",
    )


def test_the_set_export_and_the_template_carry_every_typed_text_as_text(hostile_year, typed):
    client = client_for(make_user(role="leader"))
    texts = texts_of(client.get(reverse("exchange:set-export", kwargs={"code": "xa-2023"})))
    assert_carries(
        texts,
        typed,
        "set",
        "set en",
        "decision number",
        "class A",
        "class D en",
        "criterion 1.2",
        "criterion 2.1 en",
        "evidence hint 1.1",
        "data source 1.2.1",
        "bonus",
        "bonus en",
        "tag",
        "tag en",
        "exempt",
    )
    assert any(text.startswith(as_read(typed("level"))) for text in texts)  # the rule cell
    template = client.get(reverse("exchange:set-template"))
    texts_of(template)
    # The template's own drop-downs (list validations, not cells) are still offered.
    criteria = load_workbook(BytesIO(template.content))["criteria"]
    lists = {v.formula1 for v in criteria.data_validations.dataValidation}
    assert '"appraisal,survey,other"' in lists


def test_the_units_export_carries_every_typed_text_as_text(hostile_year, typed):
    texts = texts_of(client_for(make_user(role="leader")).get(reverse("exchange:units-export")))
    assert_carries(texts, typed, "unit A", "unit B", "parent unit")


def test_the_ranking_and_all_scores_carry_every_typed_text_as_text(hostile_year, typed):
    client = client_for(make_user(role="leader"))
    ranking = texts_of(client.get(reverse("dashboards:ranking-export")))
    assert_carries(ranking, typed, "unit A", "unit B")
    matrix = texts_of(client.get(reverse("dashboards:matrix-export")))
    assert_carries(matrix, typed, "unit A", "unit B", "criterion 1.1", "criterion 2.1")
    assert any(text.startswith(as_read(typed("set"))) for text in matrix)  # the sheet's title


def test_the_commitments_export_carries_every_typed_text_as_text(hostile_year, typed):
    admin = make_user(role="admin")
    selected = list(Commitment.objects.values_list("pk", flat=True))
    response = english_client(admin).post(
        reverse("admin:commitments_commitment_changelist"),
        {"action": "export_xlsx", "_selected_action": selected},
    )
    texts = texts_of(response)
    assert_carries(
        texts,
        typed,
        "unit A",
        "signer",
        "signer title",
        "counterpart",
        "counterpart title",
        "pledges",
    )


def test_the_plan_tasks_export_carries_every_typed_text_as_text(hostile_year, typed):
    plan = ImprovementPlan.objects.create(
        year=2024, results_year=2023, title=typed("plan"), phase=PlanPhase.ISSUED
    )
    unit_a, unit_b = Unit.objects.get(code="phuong-a"), Unit.objects.get(code="xa-b")
    task = PlanTask.objects.create(
        plan=plan,
        title=typed("task"),
        lead_unit=unit_a,
        deadline=date(2024, 9, 30),
        expected_output=typed("output"),
    )
    task.coordinating_units.add(unit_b)
    texts = texts_of(
        client_for(make_user(role="leader")).get(reverse("plans:export", kwargs={"year": 2024}))
    )
    assert_carries(texts, typed, "task", "output", "unit A", "unit B")


def test_an_explanation_pasted_from_word_downloads_with_its_line_break(unit_a, leader):
    """Word's line break (a vertical tab) cannot be written in an .xlsx: a line break."""
    index_set = make_index_set(code="xa-2023", phase=Phase.PUBLISHED)
    make_score(unit_a, index_set.criteria.get(code="1.1"), explanation="Kế hoạch\x0bsố 12")
    url = reverse(
        "exchange:unit-scores-export", kwargs={"code": "xa-2023", "unit_code": unit_a.code}
    )
    assert "Kế hoạch\nsố 12" in texts_of(client_for(leader).get(url))


# --- the walk is complete ------------------------------------------------------------


def _named_patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", str(pattern.pattern)


def _product_sources():
    for app in [*APPS, "cchc_tracker"]:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def _calls(source: str, name: str) -> bool:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called == name:
                return True
    return False


def test_the_walk_knows_every_export():
    files = {
        name
        for name, route in _named_patterns(get_resolver().url_patterns)
        if route.lower().endswith(FILE_ENDINGS) and not name.startswith("admin:")
    }
    assert files == SPREADSHEET_URLS | NOT_SPREADSHEETS
    sources = dict(_product_sources())
    builders = {path for path, text in sources.items() if _calls(text, "Workbook")}
    assert builders <= WRITERS
    # A CSV or any other way out would need its own walk (and ' before each risky text).
    csv = [path for path, text in sources.items() if "text/csv" in text or "csv.writer" in text]
    assert csv == []
    # Every workbook leaves through the one function that makes its texts text
    # (spreadsheet_cells.workbook_bytes), which alone calls the one that saves it.
    savers = {path for path, text in sources.items() if "openpyxl" in text and _calls(text, "save")}
    assert savers == {"cchc_tracker/sheet_archive.py"}
    callers = {path for path, text in sources.items() if _calls(text, "saved_workbook")}
    assert callers == {"cchc_tracker/spreadsheet_cells.py"}
    # And every writer writes its rows through it.
    for path in WRITERS:
        assert "spreadsheet_cells" in sources[path], path
