"""The forms rendered from each set's shared markup and saved by one UPDATE of what
changed (issue 13): the page shows each unit its own values, a changed leaf at once, and
a save writes and records only the scores that changed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Score
from indexes.models import Criterion, NotApplicable, Phase
from tests.assessments.cycle_support import (
    appraisal_data,
    appraisal_url,
    big_set,
    leaf,
    open_set,
    self_assessment_data,
    self_assessment_url,
)
from tests.conftest import client_for, english_client
from tests.factories import make_criterion, make_score, make_unit, make_user
from tests.indexes.scoring.samples import LEVELS_1_1_1

pytestmark = pytest.mark.django_db


def _queries(client, method, *args) -> int:
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(*args)
    assert response.status_code in (200, 302), response.status_code
    return len(context.captured_queries)


def _with_units(index_set, count: int) -> None:
    """Other units of the set, each with a score on every leaf."""
    leaves = list(index_set.criteria.exclude(method=""))
    for _ in range(count):
        unit = make_unit(kind="ward")
        for item in leaves:
            make_score(unit, item, self_points=1, appraised_points=1)


FORMS = {
    # form: (the set's phase, the address, the form's data, the part typed on every leaf)
    "self-assessment": (Phase.SELF_ASSESSMENT, self_assessment_url, self_assessment_data, "value"),
    "appraisal": (Phase.APPRAISAL, appraisal_url, appraisal_data, "appraised"),
}


@pytest.mark.parametrize("form", FORMS)
def test_a_form_takes_as_many_queries_for_30_units_as_for_2(form, official_a, appraiser, unit_a):
    phase, address, form_data, part = FORMS[form]
    user = official_a if form == "self-assessment" else appraiser
    value = "yes" if form == "self-assessment" else "1"
    client, counts = client_for(user), {}
    for units in (2, 30):
        index_set = big_set(12, phase=phase)
        _with_units(index_set, units)
        rendered = _queries(client, "get", address(unit_a, index_set))
        data = form_data(unit_a, index_set)
        for pk in index_set.criteria.exclude(method="").values_list("pk", flat=True):
            data[f"leaf-{pk}-{part}"] = value
        saved = _queries(client, "post", address(unit_a, index_set), data)
        counts[units] = (rendered, saved)
    assert counts[2] == counts[30], counts


@pytest.fixture
def index_set():
    index_set = open_set(with_tree=False)
    field = make_criterion(index_set, "1", "3")
    make_criterion(
        index_set,
        "1.1",
        "1",
        parent=field,
        method="appraisal",
        rule=LEVELS_1_1_1,
        evidence_hint="Kế hoạch CCHC năm",
    )
    make_criterion(index_set, "1.2", "2", parent=field, method="other", rule={})
    return index_set


def test_a_renamed_leaf_and_a_changed_rule_show_at_once(official_a, unit_a, index_set):
    """The shared markup is keyed by the set's rows: an update that bypasses every save()
    (as an import or the database console would) still shows on the next page."""
    client, page = client_for(official_a), self_assessment_url(unit_a, index_set)
    first = client.get(page).content.decode()
    assert "Kế hoạch CCHC năm" in first and 'type="text" name="leaf-' in first
    typed = leaf(index_set, "1.2")
    Criterion.objects.filter(pk=leaf(index_set, "1.1").pk).update(
        name="Ban hành kế hoạch đúng hạn", evidence_hint="Quyết định ban hành"
    )
    Criterion.objects.filter(pk=typed.pk).update(rule={"type": "boolean", "true_points": 2})
    html = client.get(page).content.decode()
    assert "Ban hành kế hoạch đúng hạn" in html and "Quyết định ban hành" in html
    assert "Kế hoạch CCHC năm" not in html
    # The typed-points leaf became a yes/no leaf: its input is now a choice.
    assert f'<select name="leaf-{typed.pk}-value"' in html


def test_each_unit_sees_its_own_values_escaped(index_set, unit_a):
    """Two units share the markup of the set; neither sees the other's values, and a value
    with markup in it is shown as text."""
    unit_b = make_unit(code="phuong-b", kind="ward")
    levels, typed = leaf(index_set, "1.1"), leaf(index_set, "1.2")
    make_score(
        unit_a,
        typed,
        self_points="1.5",
        self_input={"points": "1.5"},
        explanation='<b>Có</b> & "đủ"',
    )
    make_score(unit_a, levels, self_input={"level": LEVELS_1_1_1["levels"][1]["label"]})
    make_score(unit_b, typed, self_points="0.25", self_input={"points": "0.25"})
    html_a = client_for(make_user(unit=unit_a)).get(self_assessment_url(unit_a, index_set))
    html_b = client_for(make_user(unit=unit_b)).get(self_assessment_url(unit_b, index_set))
    a, b = html_a.content.decode(), html_b.content.decode()
    assert f'name="leaf-{typed.pk}-value" value="1,5"' in a
    assert f'name="leaf-{typed.pk}-value" value="0,25"' in b
    assert "&lt;b&gt;Có&lt;/b&gt; &amp; &quot;đủ&quot;" in a and "<b>Có</b>" not in a
    assert "Có</b>" not in b and "&lt;b&gt;" not in b
    assert '<option value="1" selected>' in a and '<option value="1" selected>' not in b


def test_the_appraisal_shows_each_units_appraised_score_and_comment(appraiser, unit_a):
    index_set = big_set(3, phase=Phase.APPRAISAL)
    unit_b = make_unit(code="phuong-b", kind="ward")
    first = leaf(index_set, "1.1")
    make_score(unit_a, first, self_points=1, appraised_points="0.5", appraiser_comment="Thiếu <QĐ>")
    make_score(unit_b, first, self_points=1, appraised_points=1)
    client = client_for(appraiser)
    a = client.get(appraisal_url(unit_a, index_set)).content.decode()
    b = client.get(appraisal_url(unit_b, index_set)).content.decode()
    assert f'name="leaf-{first.pk}-appraised" value="0,50"' in a
    assert f'name="leaf-{first.pk}-appraised" value="1,00"' in b
    assert "Thiếu &lt;QĐ&gt;</textarea>" in a and "Thiếu" not in b


def test_a_save_writes_and_records_only_the_scores_that_changed(official_a, unit_a):
    index_set = big_set(4)
    leaves = list(index_set.criteria.exclude(method="").order_by("sort_key"))
    for item in leaves:
        make_score(unit_a, item, self_points=1, self_input={"done": True}, explanation="Có")
    before = {s.criterion_id: s for s in Score.objects.filter(unit=unit_a)}
    history_before = Score.history.count()  # type: ignore[attr-defined]
    data = self_assessment_data(unit_a, index_set, {"1.2": {"value": "no"}})
    with CaptureQueriesContext(connection) as context:
        response = client_for(official_a).post(self_assessment_url(unit_a, index_set), data)
    assert response.status_code == 302
    after = {s.criterion_id: s for s in Score.objects.filter(unit=unit_a)}
    changed = leaf(index_set, "1.2").pk
    assert after[changed].self_points == 0 and after[changed].version == before[changed].version + 1
    assert after[changed].updated_by == official_a and after[changed].explanation == "Có"
    for pk, score in before.items():
        if pk != changed:
            assert (after[pk].version, after[pk].updated_at) == (score.version, score.updated_at)
    history = Score.history.filter(history_date__gte=after[changed].updated_at)  # type: ignore[attr-defined]
    assert Score.history.count() == history_before + 1  # type: ignore[attr-defined]
    assert history.get().criterion_id == changed
    [update] = [q["sql"] for q in context.captured_queries if q["sql"].startswith("WITH")]
    # Only the columns that changed: the value and its points, not the explanation.
    assert '"self_points"' in update and '"explanation"' not in update and "CASE" not in update


def test_a_bad_value_among_good_ones_saves_nothing(official_a, unit_a):
    index_set = open_set(with_tree=False)
    field = make_criterion(index_set, "1", "3")
    make_criterion(
        index_set, "1.1", "1", parent=field, method="appraisal", rule={"type": "boolean"}
    )
    make_criterion(index_set, "1.2", "2", parent=field, method="other", rule={})
    data = self_assessment_data(unit_a, index_set, {"1.1": {"value": "yes"}, "1.2": {"value": "9"}})
    response = english_client(official_a).post(self_assessment_url(unit_a, index_set), data)
    html = response.content.decode()
    assert response.status_code == 200 and "Nothing was saved" in html
    # The form comes back bound: the good value typed stays, the bad one says why.
    assert "is above the maximum of 2" in html and 'value="9"' in html
    assert not Score.objects.filter(unit=unit_a).exists()
    assert Score.history.count() == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("first", ["scored", "unscored"])
def test_the_return_tick_shows_only_on_leaves_the_unit_scored(first, appraiser, unit_a):
    """The tick depends on the unit's own score, not on the unit whose page was first
    rendered for the set."""
    index_set = big_set(2, phase=Phase.APPRAISAL)
    unit_b = make_unit(code="phuong-b", kind="ward")
    item = leaf(index_set, "1.1")
    make_score(unit_a, item, self_points=1)
    client = client_for(appraiser)
    pages = {}
    for name in (first, "unscored" if first == "scored" else "scored"):
        unit = unit_a if name == "scored" else unit_b
        pages[name] = client.get(appraisal_url(unit, index_set)).content.decode()
    tick = f'name="leaf-{item.pk}-return"'
    assert tick in pages["scored"] and tick not in pages["unscored"]


@pytest.mark.parametrize("first", ["exempt", "other"])
def test_a_leaf_exempt_for_one_unit_keeps_its_inputs_for_another(first, unit_a):
    """Units to which different leaves apply do not share the markup of their inputs."""
    index_set = big_set(2)
    unit_b = make_unit(code="phuong-b", kind="ward")
    item = leaf(index_set, "1.1")
    NotApplicable.objects.create(unit=unit_b, criterion=item, reason="Không có TTHC")
    pages = {}
    for name in (first, "other" if first == "exempt" else "exempt"):
        unit = unit_b if name == "exempt" else unit_a
        response = client_for(make_user(unit=unit)).get(self_assessment_url(unit, index_set))
        pages[name] = response.content.decode()
    value = f'name="leaf-{item.pk}-value"'
    assert value in pages["other"] and f'name="leaf-{item.pk}-files"' in pages["other"]
    assert value not in pages["exempt"] and "Không có TTHC" in pages["exempt"]


def test_leaves_alike_share_a_field_but_each_shows_and_saves_its_own(appraiser, unit_a):
    """Leaves with the same bounds are given one field between them (entry_forms.py,
    `shared_field`): each still shows its own score and comment, an error stays on its
    own leaf, and the values saved are each leaf's own."""
    index_set = big_set(3, phase=Phase.APPRAISAL)
    one, two, three = (leaf(index_set, f"1.{n}") for n in (1, 2, 3))
    make_score(unit_a, one, self_points=1, appraised_points="0.25", appraiser_comment="Một")
    make_score(unit_a, two, self_points=1, appraised_points="0.75", appraiser_comment="Hai")
    client = client_for(appraiser)
    html = client.get(appraisal_url(unit_a, index_set)).content.decode()
    assert f'name="leaf-{one.pk}-appraised" value="0,25"' in html
    assert f'name="leaf-{two.pk}-appraised" value="0,75"' in html
    assert f'name="leaf-{three.pk}-appraised"' in html and f'"leaf-{three.pk}-return"' not in html
    assert "Một</textarea>" in html and "Hai</textarea>" in html
    data = appraisal_data(unit_a, index_set)
    data |= {f"leaf-{one.pk}-appraised": "9", f"leaf-{two.pk}-appraised": "0"}
    refused = english_client(appraiser).post(appraisal_url(unit_a, index_set), data)
    page = refused.content.decode()
    assert refused.status_code == 200 and page.count("is above the maximum of 1") == 1
    assert f'name="leaf-{one.pk}-appraised" value="9"' in page
    assert f'name="leaf-{two.pk}-appraised" value="0"' in page
    data[f"leaf-{one.pk}-appraised"] = "1"
    assert client.post(appraisal_url(unit_a, index_set), data).status_code == 302
    saved = dict(Score.objects.filter(unit=unit_a).values_list("criterion_id", "appraised_points"))
    assert (saved[one.pk], saved[two.pk]) == (1, 0)
