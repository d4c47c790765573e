"""The library on the cycle's pages: documents waiting on the self-assessment form and
attached with one click, warnings on the appraisal page, the to-do board's gaps."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Evidence
from indexes.models import Phase
from plans.library_services import library_document_remove, library_document_upload
from tests.assessments.cycle_support import big_set
from tests.conftest import client_for, english_client
from tests.factories import make_criterion, make_score
from tests.library_support import leaf, open_year_set, pdf, stored_files, year_set


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def index_set():
    return open_year_set()


def upload(user, unit, index_set, codes=("1.1",), name="quyet-dinh.pdf", **kwargs):
    return library_document_upload(
        user=user,
        unit=unit,
        index_set=index_set,
        file=pdf(name),
        leaves=[leaf(index_set, code) for code in codes],
        **kwargs,
    )


def form_url(unit, index_set):
    return reverse(
        "assessments:self-assessment", kwargs={"unit_code": unit.code, "set_code": index_set.code}
    )


def attach_url(document, index_set, code):
    return reverse(
        "plans:library-attach",
        kwargs={"pk": document.pk, "criterion_id": leaf(index_set, code).pk},
    )


def leaf_html(html: str, criterion) -> str:
    start = html.index(f'id="leaf-{criterion.pk}"')
    return html[start : html.index("</article>", start)]


def test_the_form_shows_the_document_on_its_leaf_ready_to_attach(official_a, unit_a, index_set):
    document = upload(official_a, unit_a, index_set, number="12/QĐ", date=date(2024, 3, 1))
    html = english_client(official_a).get(form_url(unit_a, index_set)).content.decode()
    tagged = leaf_html(html, leaf(index_set, "1.1"))
    assert "quyet-dinh.pdf" in tagged and "12/QĐ" in tagged
    assert f'formaction="{attach_url(document, index_set, "1.1")}"' in tagged
    assert 'form="library-attach"' in tagged
    assert "quyet-dinh.pdf" not in leaf_html(html, leaf(index_set, "1.2.1"))
    assert 'id="library-attach"' in html


def test_one_click_attaches_the_same_file_and_it_stops_waiting(
    official_a, unit_a, index_set, settings
):
    document = upload(official_a, unit_a, index_set)
    client = english_client(official_a)
    response = client.post(attach_url(document, index_set, "1.1"))
    assert response.status_code == 302
    assert response.url == form_url(unit_a, index_set) + f"#leaf-{leaf(index_set, '1.1').pk}"
    evidence = Evidence.objects.get()
    assert evidence.file.name == document.file.name and len(stored_files(settings)) == 1
    page = client.get(form_url(unit_a, index_set)).content.decode()
    tagged = leaf_html(page, leaf(index_set, "1.1"))
    assert reverse("assessments:evidence-download", kwargs={"pk": evidence.pk}) in tagged
    assert attach_url(document, index_set, "1.1") not in tagged  # attached: no longer waiting
    assert "is attached to 1.1" in page


def test_a_removed_document_no_longer_waits(official_a, unit_a, index_set):
    document = upload(official_a, unit_a, index_set)
    library_document_remove(user=official_a, document=document)
    html = client_for(official_a).get(form_url(unit_a, index_set)).content.decode()
    assert "quyet-dinh.pdf" not in html and 'id="library-attach"' not in html


def test_with_the_window_closed_the_documents_show_without_a_button(official_a, unit_a):
    index_set = year_set(phase=Phase.APPRAISAL)
    document = upload(official_a, unit_a, index_set)
    client = client_for(official_a)
    html = client.get(form_url(unit_a, index_set)).content.decode()
    assert "quyet-dinh.pdf" in html and "formaction" not in html
    assert client.post(attach_url(document, index_set, "1.1")).status_code == 403
    assert Evidence.objects.count() == 0


def test_nobody_else_attaches(official_b, leader, appraiser, unit_a, official_a, index_set):
    document = upload(official_a, unit_a, index_set)
    assert client_for(official_b).post(attach_url(document, index_set, "1.1")).status_code == 404
    for reader in (leader, appraiser):
        client = client_for(reader)
        assert client.post(attach_url(document, index_set, "1.1")).status_code == 403
        assert "formaction" not in client.get(form_url(unit_a, index_set)).content.decode()
    assert client_for(official_a).get(attach_url(document, index_set, "1.1")).status_code == 405
    assert Evidence.objects.count() == 0


def test_attaching_to_a_leaf_it_is_not_tagged_to_says_so(official_a, unit_a, index_set):
    document = upload(official_a, unit_a, index_set)
    response = english_client(official_a).post(
        attach_url(document, index_set, "1.2.1"), follow=True
    )
    assert "not tagged to 1.2.1" in response.content.decode()
    assert Evidence.objects.count() == 0


def _form_queries(client, unit, index_set) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(form_url(unit, index_set)).status_code == 200
    return len(context.captured_queries)


def test_the_form_with_library_documents_reads_in_constant_queries(official_a, unit_a):
    client = client_for(official_a)
    counts = {}
    for size in (5, 60):
        index_set = big_set(size)
        leaves = list(index_set.criteria.exclude(method="").order_by("sort_key"))
        for n, item in enumerate(leaves):
            library_document_upload(
                user=official_a,
                unit=unit_a,
                index_set=index_set,
                file=pdf(f"tai-lieu-{n}.pdf"),
                leaves=[item, leaves[(n + 1) % len(leaves)]],
            )
        html = client.get(form_url(unit_a, index_set)).content.decode()
        assert html.count('form="library-attach"') == 2 * size
        counts[size] = _form_queries(client, unit_a, index_set)
    assert counts[5] == counts[60], counts
    assert counts[60] <= 15, counts


# --- the appraisal page ----------------------------------------------------------------


def test_appraisers_see_the_warnings_of_evidence_from_the_library(official_a, appraiser, unit_a):
    index_set = open_year_set(with_tree=False)
    field = make_criterion(index_set, "1", "5")
    leaves = [
        make_criterion(index_set, f"1.{n}", "1", parent=field, method="appraisal")
        for n in range(1, 6)
    ]
    from plans.library_services import library_document_attach

    wide = library_document_upload(
        user=official_a, unit=unit_a, index_set=index_set, file=pdf("rong.pdf"), leaves=leaves[:4]
    )
    old = library_document_upload(
        user=official_a,
        unit=unit_a,
        index_set=index_set,
        file=pdf("cu.pdf"),
        date=date(2022, 5, 1),
        leaves=[leaves[4]],
    )
    library_document_attach(user=official_a, document=wide, leaf=leaves[0])
    library_document_attach(user=official_a, document=old, leaf=leaves[4])
    index_set.phase = Phase.APPRAISAL
    index_set.save()
    url = reverse(
        "assessments:appraisal", kwargs={"unit_code": unit_a.code, "set_code": index_set.code}
    )
    html = english_client(appraiser).get(url).content.decode()
    assert "rong.pdf: Tagged to 4 leaves (more than 3)." in leaf_html(html, leaves[0])
    assert "cu.pdf: Dated 01/05/2022, outside the assessed year 2024." in leaf_html(html, leaves[4])
    assert "library-warning" not in leaf_html(html, leaves[1])


# --- the to-do board -------------------------------------------------------------------


def test_the_board_lists_the_leaves_still_without_evidence(official_a, unit_a):
    from django.utils import timezone

    index_set = year_set(year=timezone.localdate().year)
    upload(official_a, unit_a, index_set, codes=("1.1",))
    make_score(unit_a, leaf(index_set, "1.2.1"), self_points=1)
    html = english_client(official_a).get(reverse("assessments:official-board")).content.decode()
    section = html[html.index("library-board") :]
    assert "1 of 3 leaves have evidence in hand" in section
    gaps = section[section.index("Leaves still without evidence") :]
    assert "1.2.1" in gaps and "1.2.2" in gaps and ">1.1<" not in gaps
    assert ">2.1<" not in gaps  # a survey leaf is not the unit's to evidence


def test_the_board_with_the_library_reads_in_a_fixed_number_of_queries(official_a, unit_a):
    from django.utils import timezone

    index_set = open_year_set(year=timezone.localdate().year)
    upload(official_a, unit_a, index_set)
    client = client_for(official_a)
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("assessments:official-board")).status_code == 200
    assert len(context.captured_queries) <= 16, len(context.captured_queries)


def test_without_a_set_this_year_the_board_shows_the_latest_year_under_way(official_a, unit_a):
    from django.utils import timezone

    past = timezone.localdate().year - 2
    year_set(year=past, phase=Phase.SELF_ASSESSMENT)
    year_set(year=past + 5)  # a set still in preparation does not take the board
    html = english_client(official_a).get(reverse("assessments:official-board")).content.decode()
    assert f"Evidence library {past}" in html
    mine = client_for(official_a).get(reverse("plans:library-mine"), follow=True)
    assert mine.redirect_chain[-1][0].endswith(f"/{past}/")
