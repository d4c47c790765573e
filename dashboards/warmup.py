"""A server process's dashboards computed once before it takes its first request.

The dashboards keep each set's results, each year's commitments and each unit's ranking
row in the process, and after a save bring them up to date for the unit that changed
(dashboards/incremental.py, selectors/sets.py, selectors/year.py): some 100 ms. A
process that holds none of them yet pays for all of a year at once, 0,5–0,6 s on a
province even when another worker left the roll-ups in the shared cache (measured with
two gunicorn workers, bench/README.md). That happened to the first request after a save
that reached a worker which had served the page from the shared cache until then, and it
would happen after every restart (gunicorn's `max_requests`). So `cchc_tracker/wsgi.py`
calls `warm_up()` as the worker starts, before it serves: the leader's page of every year,
all its sets, is computed and rendered (in the default language: its lines are kept, its
templates compiled), and later requests start from it.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import translation

from dashboards.cache import fingerprint
from dashboards.selectors.scope import ALL, all_index_sets, dashboard_scope
from dashboards.views.year import render_year_page

logger = logging.getLogger(__name__)


def warm_up() -> list[int]:
    """The years whose dashboards this process now holds (none if switched off or if the
    database cannot be read yet: a server started before `migrate` still starts)."""
    if not settings.CCHC_WARM_UP:
        return []
    began = time.perf_counter()
    years: list[int] = []
    try:
        fp = fingerprint()
        for year in sorted({index_set.year for index_set in all_index_sets(fp)}):
            scope = dashboard_scope(year=year, key=ALL, fp=fp)
            if scope is not None:
                with translation.override(settings.LANGUAGE_CODE):
                    render_year_page(scope, fp)  # its payload computed on the way
                years.append(year)
    except DatabaseError:
        logger.warning("Dashboards not warmed up: the database cannot be read", exc_info=True)
    except Exception:
        # A fault here must not keep the server from starting: the pages would meet it
        # again, but only the dashboards, and with the error shown where it belongs.
        logger.exception("Dashboards not warmed up")
    finally:
        # No connection is carried into the requests (or, with --preload, into forks).
        connections.close_all()
    logger.info("Dashboards of %s warmed up in %.1f s", years, time.perf_counter() - began)
    return years
