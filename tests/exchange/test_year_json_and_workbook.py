"""The published year's JSON answers 304 to a caller that holds it; the year workbook is
streamed (memory bounded) and reads as the unit sheets always did."""

import json
import tracemalloc
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Score
from exchange.exports import year_workbook
from exchange.models import ExchangeLog
from tests.conftest import client_for
from tests.factories import make_criterion, make_unit

pytestmark = pytest.mark.django_db

JSON_URL = reverse("exchange:year-json", kwargs={"year": 2023})


def test_the_published_json_is_a_304_for_a_caller_holding_it_until_a_figure_changes(
    leader, published, unit_b
):
    client = client_for(leader)
    first = client.get(JSON_URL)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    held = client.get(JSON_URL, HTTP_IF_NONE_MATCH=etag)
    assert (held.status_code, held.content, held["ETag"]) == (304, b"", etag)
    assert ExchangeLog.objects.count() == 1  # a 304 takes nothing out
    score = unit_b.scores.get(criterion__code="1.1")
    score.appraised_points = Decimal("2")
    score.save()
    changed = client.get(JSON_URL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    results = json.loads(changed.content)["index_sets"][0]["results"]
    assert {r["unit"]["code"]: r["points"] for r in results} == {"phuong-a": 2, "xa-b": 2}


def test_an_etag_does_not_open_the_json_to_an_official(leader, official_a, published):
    etag = client_for(leader).get(JSON_URL)["ETag"]
    assert client_for(official_a).get(JSON_URL, HTTP_IF_NONE_MATCH=etag).status_code == 403


def _peak_of_year_workbook() -> tuple[int, bytes]:
    tracemalloc.start()
    try:
        content, _count = year_workbook(2023)
        return tracemalloc.get_traced_memory()[1], content
    finally:
        tracemalloc.stop()


def _more_units(index_set, count: int) -> None:
    leaves = list(index_set.criteria.exclude(method=""))
    for _n in range(count):
        unit = make_unit(kind="ward")
        Score.objects.bulk_create(
            Score(unit=unit, criterion=leaf, max_points=leaf.max_points, self_points=1)
            for leaf in leaves
        )


def test_the_year_workbook_streams_its_unit_sheets_in_bounded_memory(published):
    field = make_criterion(published, "3", "60")
    for n in range(1, 61):  # sheets of 67 nodes, as real sets have ~100
        make_criterion(
            published, f"3.{n}", "1", parent=field, method="appraisal", rule={"type": "boolean"}
        )
    _more_units(published, 48)  # 50 unit sheets: ~3,400 rows
    small_peak, _content = _peak_of_year_workbook()
    _more_units(published, 150)  # 200 sheets: ~13,400 rows, 130,000 cells
    peak, content = _peak_of_year_workbook()
    # Held whole, the cells of 150 more sheets of 67 rows would take ~40 MB more (as the
    # workbook was written before); streamed, the peak grows by the results, the summary
    # and the file's bytes only.
    assert peak - small_peak < 12 * 1024 * 1024, (small_peak, peak)
    workbook = load_workbook(BytesIO(content), read_only=True)
    assert len(workbook.sheetnames) == 1 + 200
    rows = list(workbook["phuong-a"].iter_rows(values_only=True))
    header = rows.index(
        ("code", "name", "method", "max_points", "not_applicable", "self_points",
         "explanation", "appraised_points", "appraiser_comment", "final_points")
    )  # fmt: skip
    by_code = {row[0]: row for row in rows[header + 1 :]}
    assert (by_code["1.1"][5], by_code["1.1"][7], by_code["1.1"][9]) == (2, 2, 2)
    assert by_code["1"][5] == 2  # a parent carries the sum of its leaves
    assert by_code["3.60"][1] == "Tiêu chí 3.60"


def test_every_unit_sheet_of_the_year_workbook_carries_its_styles(published, unit_b):
    """The cells' styles are copied from the workbook's first cell of each kind
    (`styled_cell`): every sheet still has bold headers on their fill, bold field rows
    (empty cells too), codes as text, and plain leaf rows; a risky explanation is quoted."""
    score = unit_b.scores.get(criterion__code="1.1")
    score.explanation = '=HYPERLINK("http://x","bấm")'
    score.save()
    content, _count = year_workbook(2023)
    workbook = load_workbook(BytesIO(content))
    for sheet in workbook.worksheets[1:]:
        rows = list(sheet.iter_rows())
        header = next(n for n, row in enumerate(rows) if row[0].value == "#")
        for row in rows[header : header + 2]:  # what people read, then the import's keys
            assert all(c.font.b and c.fill.fgColor.rgb == "00EEF2F7" for c in row[:10])
        assert not rows[0][0].font.b  # "unit | code | name" above is plain
        nodes = {row[0].value: row for row in rows[header + 2 :]}
        assert set(nodes) >= {"1", "1.1", "1.2", "2"}
        for code, row in nodes.items():
            field = "." not in code
            assert [bool(c.font.b) for c in row[:10]] == [field] * 10, (sheet.title, code)
            assert row[0].number_format == "@" and row[0].data_type == "s"
            assert all(c.fill.fgColor.rgb == "00000000" for c in row[:10])
    explanation = {row[0].value: row[6] for row in workbook["xa-b"].iter_rows()}["1.1"]
    assert (explanation.value, explanation.quotePrefix) == ('=HYPERLINK("http://x","bấm")', True)
