"""The year dashboard's lines per unit written in Python (dashboards/section_html.py) are
byte for byte what the template loops they replace wrote; and a kept line
(dashboards/fragments.py) is written again exactly when its inputs change."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from assessments.losses import LeafLoss
from dashboards import fragments, section_html
from dashboards.selectors.rows import MethodCell, Row
from dashboards.selectors.year import AtRisk

pytestmark = pytest.mark.django_db

LOAD = "{% load i18n dashboard_tags number_tags %}"
# The loops as templates/dashboards/includes/unit_cards.html and year_main.html wrote them.
CARDS = """{% for row in section.shown %}
  <li class="unit-card{% if section.judged and row.at_risk %} at-risk{% endif %}">
    <p class="card-title">{% if section.judged %}<span class="card-rank">{% if row.rank %}{{ row.rank }}{% else %}—{% endif %}</span> {% endif %}{% if full or row.unit_id == section.own_unit_id %}<a href="{% scorecard_url year row.unit_code %}">{{ row.unit_name }}</a>{% else %}{{ row.unit_name }}{% endif %}</p>
    <dl>
      {% if section.judged %}
      <div><dt>{% translate "% of max" %}</dt><dd>{{ row.pct|pct }} {{ row.all_targets_met|status_badge }}</dd></div>
      {% if full %}{% for cell in row.methods.values %}
      <div><dt>{{ cell.method|method_label }}</dt><dd>{{ cell.pct|pct }} {{ cell.reached|status_badge }}</dd></div>
      {% endfor %}{% endif %}
      <div><dt>{% translate "Classification" %}</dt><dd>{% if row.class_label %}{% class_label row.class_label row.class_label_en %}{% else %}—{% endif %}</dd></div>
      {% else %}
      {% if full %}<div><dt>{% translate "Submission" %}</dt><dd>{{ row.workflow|workflow_label }}</dd></div>{% endif %}
      <div><dt>{% translate "Points entered so far" %}</dt><dd>{{ row.points|points }} / {{ row.max_points|points }}</dd></div>
      {% endif %}
    </dl>
  </li>
  {% endfor %}"""  # noqa: E501
AT_RISK = """{% for item in section.at_risk %}
      <li>
        <p><a href="{% scorecard_url year item.row.unit_code %}"><strong>{{ item.row.unit_name }}</strong></a>
          — {% blocktranslate trimmed with lacking=item.row.lacking|points pct=item.row.pct|pct %}{{ pct }} of max, {{ lacking }} points short{% endblocktranslate %}.
          {% translate "Below" %}:
          {% for cell in item.row.methods.values %}{% if cell.reached == False %}<span class="badge status-missed">{{ cell.method|method_label }} {{ cell.pct|pct }}{% if cell.committed_pct and cell.committed_pct != cell.target_pct %} / {% translate "committed" %} {{ cell.committed_pct|pct }}{% else %} / {{ cell.target_pct|pct }}{% endif %}</span> {% endif %}{% endfor %}
        </p>
        {% if item.losses %}
        <ul class="losses">
          {% for loss in item.losses %}{% score_detail_url item.row.unit_code loss.criterion_id as detail %}
          <li>{% if detail %}<a href="{{ detail }}">{{ loss.code }}</a>{% else %}{{ loss.code }}{% endif %} {{ loss|in_language }}:
            {% blocktranslate trimmed with lost=loss.lost|points max=loss.max_points|points %}lost {{ lost }} of {{ max }} points{% endblocktranslate %}</li>
          {% endfor %}
        </ul>
        {% endif %}
      </li>
      {% endfor %}"""  # noqa: E501
TOTALS = """{% for row in section.shown %}<tr><th scope="row">{{ row.unit_name }}</th><td class="num">{{ row.pct|pct }}</td><td class="num">{{ row.target_pct|pct }}</td><td>{{ row.all_targets_met|status_text }}</td></tr>{% endfor %}"""  # noqa: E501
HEATMAP = """{% for row, values in heatmap_rows %}<tr><th scope="row">{{ row.unit_name }}</th>{% for value in values %}<td class="num">{{ value|pct }}</td>{% endfor %}</tr>{% endfor %}"""  # noqa: E501
CODES = ("1", "2", "3")


def cell(method, pct, *, target="100", committed=None, met=True, committed_met=None):
    return MethodCell(
        method=method,
        points=Decimal("10"),
        max_points=Decimal("20"),
        pct=None if pct is None else Decimal(pct),
        target_pct=None if target is None else Decimal(target),
        committed_pct=None if committed is None else Decimal(committed),
        met=met,
        committed_met=committed_met,
        missing_points=Decimal("1.5"),
    )


def row(unit_id: int, **changes) -> Row:
    base = Row(
        unit_id=unit_id,
        unit_code=f"U{unit_id}",
        unit_name=f"Phường <{unit_id}> & Co",
        unit_kind="commune",
        unit_order=unit_id,
        set_id=1,
        set_code="S",
        rank=unit_id,
        tied=False,
        points=Decimal("1234.5"),
        max_points=Decimal("1500"),
        pct=Decimal("82.3"),
        target_pct=Decimal("97.55"),
        methods={
            "appraisal": cell("appraisal", "90", met=False),
            "survey": cell("survey", "80", target="95", committed="97", committed_met=False),
            "other": cell("other", None, target=None, met=None),
        },
        fields={"1": Decimal("50"), "2": None},
        class_code="B",
        class_label="Khá",
        class_label_en="Good",
        all_targets_met=False,
        commitment_status="signed",
        commitment_url=None,
        commitment_met=False,
        workflow="submitted",
        lacking=Decimal("7.25"),
        at_risk=True,
    )
    return replace(base, **changes)


def loss(criterion_id: int) -> LeafLoss:
    return LeafLoss(
        unit_id=1, criterion_id=criterion_id, code=f"1.{criterion_id}", name="Tên <b>",
        name_en="Name", method="appraisal", max_points=Decimal("2"), self_points=None,
        appraised_points=Decimal("0.5"), counted=Decimal("0.5"), lost=Decimal("1.5"),
        appraiser_comment="", explanation="",
    )  # fmt: skip


ROWS = [
    row(1),
    row(2, rank=None, pct=None, at_risk=False, class_label="", all_targets_met=True),
    row(1000, rank=1000, tied=True, pct=Decimal("100"), target_pct=None),
]


def reference(template: str, **context) -> str:
    return Template(LOAD + template).render(Context(context))


@pytest.fixture(autouse=True)
def fresh():
    fragments.forget()
    yield
    fragments.forget()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("judged", [True, False])
@pytest.mark.parametrize("full", [True, False])
def test_cards_are_the_template_loops_cards(language, judged, full):
    section = {"shown": ROWS, "judged": judged, "own_unit_id": 2}
    with translation.override(language):
        expected = reference(CARDS, section=section, full=full, year=2023)
        assert section_html.unit_cards(section, full=full, year=2023) == expected
        assert section_html.unit_cards(section, full=full, year=2023) == expected  # kept


@pytest.mark.parametrize("language", ["vi", "en"])
def test_chart_tables_are_the_template_loops_rows(language):
    with translation.override(language):
        shown = ROWS
        assert section_html.totals_rows(shown) == reference(TOTALS, section={"shown": shown})
        heatmap = [(r, [r.fields.get(code) for code in CODES]) for r in shown]
        assert section_html.heatmap_rows(shown, CODES) == reference(HEATMAP, heatmap_rows=heatmap)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_units_at_risk_are_the_template_loops_items(language):
    items = [AtRisk(ROWS[0], (loss(1), loss(2))), AtRisk(ROWS[2], ())]
    with translation.override(language):
        expected = reference(AT_RISK, section={"at_risk": items}, year=2023)
        assert section_html.at_risk_items(items, year=2023) == expected


def test_a_line_is_written_again_when_its_row_changes_and_only_then(monkeypatch):
    written = []
    card = section_html._card
    monkeypatch.setattr(section_html, "_card", lambda r, **kw: written.append(r) or card(r, **kw))
    section = {"shown": ROWS, "judged": True, "own_unit_id": None}
    first = section_html.unit_cards(section, full=True, year=2023)
    assert len(written) == 3
    # An equal row rebuilt (another object) is the same line: nothing is written again.
    again = {**section, "shown": [replace(r) for r in ROWS]}
    assert section_html.unit_cards(again, full=True, year=2023) == first
    assert len(written) == 3
    # A changed row (a new percentage) is written again, alone.
    moved = [ROWS[0], replace(ROWS[1], pct=Decimal("55")), ROWS[2]]
    html = section_html.unit_cards({**section, "shown": moved}, full=True, year=2023)
    assert len(written) == 4 and "55,00 %" in html
    # What the slot names (access, the language) is another line.
    section_html.unit_cards(section, full=False, year=2023)
    with translation.override("en"):
        section_html.unit_cards(section, full=True, year=2023)
    assert len(written) == 10


def test_a_ranking_rows_cells_are_kept_while_its_record_is_equal(monkeypatch):
    from django.test import RequestFactory

    from accounts.access import FULL
    from dashboards import table_body
    from dashboards.tables import RankingTable

    def render(rows):
        table = RankingTable(
            rows, year=2023, access=FULL, own_unit_id=None, methods=["appraisal", "survey"],
            targets={}, caption="", orderable=False,
        )  # fmt: skip
        return table_body.table_body(table, Context({"request": RequestFactory().get("/")}))

    made = []
    cells = table_body._cells
    monkeypatch.setattr(table_body, "_cells", lambda *a: made.append(1) or cells(*a))
    first = render(ROWS)
    assert len(made) == 3
    assert render([replace(r) for r in ROWS]) == first and len(made) == 3
    changed = render([replace(ROWS[0], points=Decimal("1")), *ROWS[1:]])
    assert len(made) == 4 and "1,00" in changed and changed != first
