"""The apps form layers: an app imports only apps below it (its own modules aside).

Read from the source (every `import` and `from ... import`, inside functions and
TYPE_CHECKING blocks included), so a late import cannot hide an upward arrow.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Lowest first. Apps on one line are peers: neither may import the other.
LAYERS = [
    ["units"],
    ["accounts"],
    # the notification store and `notify`, low enough for every event's service to write
    # its notifications in its own transaction (the outbox); it reads only users and units.
    ["notifications"],
    ["indexes"],
    ["assessments"],
    ["commitments"],
    # the improvement plan reads commitments (the committed target a unit must reach).
    ["plans"],
    ["dashboards"],
    # exchange keys its published JSON by the dashboards' data versions (dashboards/cache.py).
    ["exchange"],
    # api reads exchange's published figures, so it sits above it; nothing reads api.
    # reminders read windows, assessments and the dashboards' at-risk units (and later the
    # plan's tasks) to write the daily reminders and the leaders' digest.
    ["api", "reminders"],
    ["demo"],
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            names.add("__import__")
    return {name.split(".")[0] for name in names}


def app_sources(app: str) -> list[Path]:
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


@pytest.mark.parametrize("app", list(LEVEL))
def test_an_app_imports_only_the_apps_below_it(app):
    upward = {}
    for path in app_sources(app):
        for other in imported_apps(path) & (set(LEVEL) | {"__import__"}):
            if other != app and (other == "__import__" or LEVEL[other] >= LEVEL[app]):
                upward.setdefault(str(path.relative_to(ROOT)), set()).add(other)
    assert upward == {}


def test_the_project_package_reads_no_app_but_through_urls():
    """cchc_tracker/ is settings, root URLs and WSGI: only urls.py names the apps."""
    readers = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "cchc_tracker").rglob("*.py")
        if imported_apps(path) & set(LEVEL)
    }
    assert readers <= {"cchc_tracker/urls.py"}
