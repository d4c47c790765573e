"""Fixtures of the dashboard tests: a published 2023 set of wards and communes, scored.

Unit A reaches every target (98 %); unit B misses them (65 %). The set's tree is the
factories' small one: 1.1 appraisal (2), 1.2.1 appraisal (3), 1.2.2 other (1),
2.1 survey (4) — max 10, targets 100 / 95 / 90.
"""

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Score
from indexes.models import Phase
from tests.factories import make_index_set

FULL_MARKS = {"1.1": "2", "1.2.1": "3", "1.2.2": "1", "2.1": "4"}
UNIT_A = {"1.1": "2", "1.2.1": "3", "1.2.2": "1", "2.1": "3.8"}  # 9.8 of 10, every target met
UNIT_B = {"1.1": "2", "1.2.1": "1", "1.2.2": "0.5", "2.1": "3"}  # 6.5 of 10


@pytest.fixture(autouse=True)
def _fingerprint_every_request(settings):
    """Tests change data between requests: read the data versions every time (the
    default, whatever the environment running the tests says)."""
    settings.CCHC_DASHBOARD_FRESHNESS_SECONDS = 0
    settings.CCHC_OFFICIAL_DASHBOARD = "ranking"


def scores_create(index_set, unit, points: dict[str, str], appraised: dict[str, str] | None = None):
    """Scores in one INSERT, as an import would write them."""
    leaves = {c.code: c for c in index_set.criteria.exclude(method="")}
    Score.objects.bulk_create(
        Score(
            unit=unit,
            criterion=leaves[code],
            max_points=leaves[code].max_points,
            self_points=Decimal(value),
            appraised_points=Decimal(appraised[code]) if appraised and code in appraised else None,
        )
        for code, value in points.items()
    )


@pytest.fixture
def ward_set(db):
    return make_index_set(
        code="xa-2023", year=2023, name="Bộ chỉ số xã 2023", phase=Phase.PUBLISHED
    )


@pytest.fixture
def scored(ward_set, unit_a, unit_b):
    scores_create(ward_set, unit_a, UNIT_A)
    scores_create(ward_set, unit_b, UNIT_B)
    return ward_set


def many_units(index_set, count: int, *, kind: str = "commune") -> None:
    """`count` more units of the set, each fully scored (bulk, for query-count tests)."""
    from units.models import Unit

    start = Unit.objects.count()
    units = Unit.objects.bulk_create(
        Unit(code=f"bulk-{start + n}", name=f"Xã số {start + n}", kind=kind, sort_order=n)
        for n in range(count)
    )
    leaves = list(index_set.criteria.exclude(method=""))
    Score.objects.bulk_create(
        Score(
            unit=unit,
            criterion=leaf,
            max_points=leaf.max_points,
            self_points=leaf.max_points * Decimal(n % 10) / 10,
        )
        for n, unit in enumerate(units)
        for leaf in leaves
    )


def sign_commitment(unit, year: int, targets: dict[str, str]):
    """A signed commitment of the unit for the year, stricter than the city where told."""
    from commitments import services
    from demo.commitments import minimal_pdf

    commitment = services.commitment_create(
        unit=unit,
        year=year,
        signer_name="Trần Thị Mai",
        counterpart_name="Nguyễn Văn Thành",
        targets={method: Decimal(pct) for method, pct in targets.items()},
    )
    scan = SimpleUploadedFile("scan.pdf", minimal_pdf(["signed"]), content_type="application/pdf")
    return services.commitment_sign(commitment=commitment, signed_on=date(year, 3, 15), scan=scan)


def en(client):
    """The client with English chosen in the language switch (the browser's language is
    ignored: the product is Vietnamese first), so tests can read the source texts."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


class _TableRows(HTMLParser):
    """The text of each row of the one <table> whose class list holds `css_class`."""

    def __init__(self, css_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.css_class, self.depth, self.tables = css_class, 0, 0
        self.rows: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table" and self.depth:
            self.depth += 1
        elif tag == "table" and self.css_class in (dict(attrs).get("class") or "").split():
            self.depth, self.tables = 1, self.tables + 1
        elif tag == "tr" and self.depth:
            self.rows.append([])

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and self.rows:
            self.rows[-1].append(data)


def table_rows(html: str, css_class: str) -> list[str]:
    """Each row's text of the page's table of that class (header row first), so that a
    test reads that table only, not the same words in a chart's JSON or another table."""
    parser = _TableRows(css_class)
    parser.feed(html)
    assert parser.tables == 1, f"{parser.tables} tables of class {css_class!r}"
    return [" ".join("".join(row).split()) for row in parser.rows]
