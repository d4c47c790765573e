"""The project's settings with sessions read from the cache (written to the database too).

Only for `bench/dashboards.py --cached-sessions`: it measures what the session query
costs every signed-in page, the dashboards included. Not used by the application.
"""

from cchc_tracker.settings import *  # noqa: F403

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
