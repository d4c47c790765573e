import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver
from django.utils.module_loading import import_string

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_tracker.settings")
application = get_wsgi_application()

# Every view module imported now, as the first request would, then everything alive after
# start-up (~110,000 objects: modules, classes, the URL and template machinery) moved out
# of the collector's sight: it never becomes garbage, and each full collection no longer
# walks it. Measured on a province (bench/README.md, "gc.freeze"): the collector's time
# during the dashboards' computations fell from 2,0–2,3 s to 0,4 s, the whole from 11–12 s
# to 9 s.
get_resolver().url_patterns  # noqa: B018 - imports the views
# The dashboards' state is computed before the first request (dashboards/warmup.py), and
# frozen with the rest: a full collection walked it, ~50 ms for a province's four sets.
for hook in settings.SERVER_START_HOOKS:
    import_string(hook)()
gc.freeze()
