"""Print, as JSON, the session cookies, an API token and the page URLs the benchmark loads.

Sessions are created directly (no login form), so the load is only the pages measured.
Run by bench/dashboards.py with the benchmark's environment.
"""

import datetime
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_tracker.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from api.models import ApiClient, Scope  # noqa: E402
from api.services import client_issue_token  # noqa: E402
from assessments.membership import index_set_units  # noqa: E402
from indexes.models import IndexSet  # noqa: E402

YEAR = 2023


def session_cookie(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "notifications.auth.BellModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def api_authorization(owner: User) -> str:
    """A fresh API client with every scope (the previous run's is removed)."""
    ApiClient.objects.filter(name="bench").delete()
    client = ApiClient(name="bench", owner=owner, scopes=list(Scope.values))
    client.expires_on = datetime.date.today() + datetime.timedelta(days=1)
    token = client_issue_token(client=client)
    client.save()
    return f"Bearer {token}"


def main(leader_name: str, official_name: str) -> None:
    leader = User.objects.get(username=leader_name)
    official = User.objects.get(username=official_name)
    sets = list(IndexSet.objects.filter(year=YEAR).order_by("code"))
    units = [u for index_set in sets for u in index_set_units(index_set)]
    current = IndexSet.objects.filter(year=YEAR + 1).order_by("code")
    units_current = [u for index_set in current for u in index_set_units(index_set)][:50]
    biggest = max(sets, key=lambda s: s.criteria.count())
    scorecard = [
        reverse("dashboards:unit-scorecard", kwargs={"year": YEAR, "unit_code": u.code})
        for u in units
    ]
    dashboard = reverse("dashboards:year-dashboard")
    print(
        json.dumps(
            {
                "leader": session_cookie(leader),
                "official": session_cookie(official),
                "trivial": reverse("login"),
                "dashboard": f"{dashboard}?year={YEAR}",
                "dashboard_current": f"{dashboard}?year={YEAR + 1}",
                "scorecards": scorecard,
                "field": reverse(
                    "dashboards:field-view", kwargs={"set_code": biggest.code, "field_code": "3"}
                ),
                "annex": f"{reverse('dashboards:ranking-print')}?year={YEAR}",
                "units": len(units),
                "api": api_authorization(leader),
                "api_results": f"/api/v1/results?year={YEAR}&limit=1000",
                "api_results_page": [
                    f"/api/v1/results?year={YEAR}&offset={offset}" for offset in range(0, 1000, 100)
                ],
                "api_unit_results": [f"/api/v1/results?year={YEAR}&unit={u.code}" for u in units],
                "api_progress": f"/api/v1/progress?year={YEAR + 1}",
                "year_xlsx": reverse("exchange:year-export", kwargs={"year": YEAR}),
                "year_json": reverse("exchange:year-json", kwargs={"year": YEAR}),
                "scorecards_current": [
                    reverse(
                        "dashboards:unit-scorecard", kwargs={"year": YEAR + 1, "unit_code": u.code}
                    )
                    for u in units_current
                ],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
