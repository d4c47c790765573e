"""The leaf lines of the sheet pages, written in Python (assessments/leaf_lines.py): what
the unit and the appraisers read on each leaf, escaped; each leaf's own detail address,
whichever unit's page came before; the upload inputs, one field per part for the whole
form, still saying which leaf a problem is on; queries that do not grow with leaves."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from assessments import leaf_lines
from assessments.models import Evidence, ReturnedItem, Score
from indexes.models import Criterion, Phase
from tests.assessments.cycle_support import (
    appraisal_data,
    appraisal_url,
    big_set,
    detail_url,
    leaf,
    open_set,
    self_assessment_data,
    self_assessment_url,
)
from tests.conftest import client_for, english_client
from tests.factories import make_score, make_unit, make_user

pytestmark = pytest.mark.django_db


def _article(html: str, criterion) -> str:
    """The markup of one leaf's card on a page."""
    start = html.index('<article class="leaf')
    start = html.index(f'id="leaf-{criterion.pk}"', start)
    return html[html.rindex("<article", 0, start) : html.index("</article>", start)]


def test_the_read_only_sheet_shows_what_was_said_as_text(official_a, unit_a):
    """Once the window is closed the unit reads its explanation, the appraisers' score and
    comment, and the open question, each escaped, line breaks kept."""
    index_set = big_set(2, phase=Phase.APPRAISAL)
    item = leaf(index_set, "1.1")
    score = make_score(
        unit_a,
        item,
        self_points=1,
        self_input={"done": True},
        explanation="Dòng <b>một</b>\nDòng hai",
        appraised_points="0.5",
        appraiser_comment="Thiếu <QĐ> & biên bản",
    )
    asker = make_user(role="appraiser")
    ReturnedItem.objects.create(score=score, question="Vì sao <thiếu>?", returned_by=asker)
    html = english_client(official_a).get(self_assessment_url(unit_a, index_set)).content.decode()
    card = _article(html, item)
    assert "Dòng &lt;b&gt;một&lt;/b&gt;<br>Dòng hai" in card and "<b>một" not in card
    assert "<strong>0.50</strong>" in card and "Thiếu &lt;QĐ&gt; &amp; biên bản" in card
    assert "Returned for explanation:</strong> Vì sao &lt;thiếu&gt;?" in card
    assert "<small>(Done)</small>" in card and "<input" not in card


def test_the_appraisal_cards_show_the_exchange_and_the_return_tick(appraiser, unit_a):
    index_set = big_set(2, phase=Phase.APPRAISAL)
    item, other = leaf(index_set, "1.1"), leaf(index_set, "1.2")
    score = make_score(unit_a, item, self_points=1, explanation="Có <hồ sơ>")
    ReturnedItem.objects.create(
        score=score,
        question="Bổ sung <QĐ>?",
        returned_by=appraiser,
        answer="Đã bổ sung\nngày 5",
        closed_at=timezone.now(),
    )
    html = english_client(appraiser).get(appraisal_url(unit_a, index_set) + "?view=cards")
    card, unscored = _article(html.content.decode(), item), _article(html.content.decode(), other)
    assert "Unit's explanation</span> Có &lt;hồ sơ&gt;</p>" in card
    assert '<div class="exchange closed">' in card and "Bổ sung &lt;QĐ&gt;?" in card
    assert "Đã bổ sung<br>ngày 5" in card
    assert f'name="leaf-{item.pk}-return"' in card and "No evidence attached." in card
    # No self-score on the other leaf: nothing to return, and its explanation is a dash.
    assert "-return" not in unscored and "Unit's explanation</span> —</p>" in unscored


def test_each_unit_page_links_to_its_own_leaf_details(appraiser, unit_a):
    """The detail address is written once per page and unit: the page of a second unit,
    right after the first's, links to the second's leaves."""
    index_set = big_set(2, phase=Phase.APPRAISAL)
    unit_b = make_unit(code="phuong-b", kind="ward")
    client = client_for(appraiser)
    for unit in (unit_a, unit_b, unit_a):
        html = client.get(appraisal_url(unit, index_set)).content.decode()
        for code in ("1.1", "1.2"):
            card = _article(html, leaf(index_set, code))
            assert f'href="{detail_url(unit, leaf(index_set, code))}"' in card


def test_document_details_without_a_file_are_refused_on_their_own_leaf(official_a, unit_a):
    """One field per upload part serves every leaf: the problem still shows on the leaf it
    belongs to, the other leaves' inputs stay clean, and nothing is saved."""
    index_set = big_set(3)
    first, second = leaf(index_set, "1.1"), leaf(index_set, "1.2")
    data = self_assessment_data(
        unit_a,
        index_set,
        {"1.1": {"value": "yes"}, "1.2": {"value": "yes", "doc_number": "12/QĐ-UBND"}},
    )
    response = english_client(official_a).post(self_assessment_url(unit_a, index_set), data)
    html = response.content.decode()
    problem = "Choose the file that this document information describes."
    assert response.status_code == 200 and "Nothing was saved" in html
    assert problem in _article(html, second) and problem not in _article(html, first)
    assert 'value="12/QĐ-UBND"' in _article(html, second)
    assert 'value="12/QĐ-UBND"' not in _article(html, first)
    assert not Score.objects.filter(unit=unit_a).exists() and not Evidence.objects.exists()


def _queries(client, method, *args) -> int:
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(*args)
    assert response.status_code in (200, 302), response.status_code
    return len(context.captured_queries)


@pytest.mark.parametrize("form", ["self-assessment", "appraisal"])
def test_a_form_takes_as_many_queries_for_24_leaves_as_for_3(form, official_a, appraiser, unit_a):
    counts = {}
    for leaves in (3, 24):
        if form == "self-assessment":
            index_set, user, address, part, value = (
                big_set(leaves),
                official_a,
                self_assessment_url,
                "value",
                "yes",
            )
            make_data = self_assessment_data
        else:
            index_set, user, address = (
                big_set(leaves, phase=Phase.APPRAISAL),
                appraiser,
                appraisal_url,
            )
            part, value, make_data = "appraised", "1", appraisal_data
            for item in index_set.criteria.exclude(method=""):
                make_score(unit_a, item, self_points=1)
        client = client_for(user)
        rendered = _queries(client, "get", address(unit_a, index_set))
        data = make_data(unit_a, index_set)
        for pk in index_set.criteria.exclude(method="").values_list("pk", flat=True):
            data[f"leaf-{pk}-{part}"] = value
        counts[leaves] = (rendered, _queries(client, "post", address(unit_a, index_set), data))
    assert counts[3] == counts[24], counts


def test_fields_and_headings_show_their_names_escaped_and_maxima_with_a_comma(official_a, unit_a):
    index_set = open_set()  # the factory's tree: field 1 with criterion 1.2 over two leaves
    Criterion.objects.filter(index_set=index_set, code="1.2").update(
        name="Văn bản <QPPL>", max_points="4.5"
    )
    html = client_for(official_a).get(self_assessment_url(unit_a, index_set)).content.decode()
    assert (
        '<h3 class="criterion-heading">1.2. Văn bản &lt;QPPL&gt; <small>(tối đa 4,50)</small></h3>'
        in html
    )
    assert '<section class="field-section" data-field-section="1">' in html
    assert 'data-subtotal="1" data-max="6.00">0,00 / 6,00</strong>' in html


def test_every_text_of_the_lines_is_named_for_the_catalogue():
    """The lines translate their texts once per page (leaf_lines.Texts); a text written as
    `t("…")` but missing from TEXTS would not reach `makemessages` (xgettext does not read
    `t(…)`) and would stay in English."""
    source = Path(leaf_lines.__file__).read_text(encoding="utf-8")
    asked = {m.group(2) for m in re.finditer(r"""(?<![\w.])t\((["'])(.+?)\1\)""", source)}
    assert asked and asked <= set(leaf_lines.TEXTS), asked - set(leaf_lines.TEXTS)
    with translation.override("vi"):
        texts = leaf_lines.Texts()
        translated = gettext("Details and history")
        assert texts("Details and history") == translated != "Details and history"
