"""A server process computes the dashboards before its first request (dashboards/warmup.py,
called by cchc_tracker/wsgi.py), so that request finds them computed."""

import logging

import pytest
from django.core.cache import cache
from django.db import ProgrammingError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Score
from dashboards import incremental, section_html, table_body, warmup
from dashboards.cache import shared_cache
from tests.conftest import client_for

# warm_up closes its connections, as a server process must before it forks or serves.
pytestmark = pytest.mark.django_db(transaction=True)

URL = reverse("dashboards:year-dashboard")


def a_new_process() -> None:
    """Nothing computed in this process, nothing left by another."""
    cache.clear()
    shared_cache().clear()
    incremental.forget()


def score_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    assert "65,00 %" in response.content.decode()  # unit B's figure, either way
    return [q["sql"] for q in queries.captured_queries if "assessments_score" in q["sql"]]


@pytest.mark.parametrize("switch", [True, False])
def test_the_first_request_after_the_warm_up_sums_no_score(leader, scored, settings, switch):
    settings.CCHC_WARM_UP = switch
    a_new_process()
    assert warmup.warm_up() == ([2023] if switch else [])
    summed = score_queries(client_for(leader))
    if switch:
        assert summed == []
    else:
        assert summed  # switched off: the first request computes the set's results


@pytest.mark.parametrize("switch", [True, False])
def test_a_warmed_up_process_holds_the_lines_of_the_leaders_page(
    leader, scored, unit_a, unit_b, settings, monkeypatch, switch
):
    """The warm-up renders the leader's page in this process, not only its figures: the
    first request (whose page another process may have left in the shared cache) and
    the first after a save that changes no figure make none of its lines again."""
    settings.CCHC_WARM_UP = switch
    a_new_process()
    warmup.warm_up()
    made: list[int] = []  # the unit of each line rendered
    for module in (table_body, section_html):
        kept = module.kept_html

        def spy(slot, inputs, render, kept=kept):
            return kept(slot, inputs, lambda: made.append(slot[-1]) or render())

        monkeypatch.setattr(module, "kept_html", spy)
    client = client_for(leader)
    score_queries(client)
    if not switch:
        assert set(made) == {unit_a.pk, unit_b.pk}  # every line, made here
        return
    assert made == []
    score = Score.objects.filter(unit=unit_a).order_by("pk").first()
    score.note = "xem lại"
    score.save()  # the figures' version moves: the page is made again, of the same lines
    score_queries(client)
    assert made == []


@pytest.mark.parametrize(
    "fault, level, said",
    [
        (ProgrammingError('relation "dashboards_dataversion" does not exist'), logging.WARNING,
         "the database cannot be read"),
        (ValueError("a bug"), logging.ERROR, "a bug"),
    ],
    ids=["database not yet readable", "a fault"],
)  # fmt: skip
def test_a_warm_up_that_cannot_run_is_logged_and_the_server_starts(
    monkeypatch, caplog, fault, level, said
):
    def failing():
        raise fault

    monkeypatch.setattr(warmup, "fingerprint", failing)
    with caplog.at_level(level, logger="dashboards.warmup"):
        assert warmup.warm_up() == []
    assert "Dashboards not warmed up" in caplog.text and said in caplog.text
