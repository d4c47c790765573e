"""The server's entry point (cchc_tracker/wsgi.py) runs its start hooks and starts even on a
database that `migrate` has not made yet: the warm-up logs why and the import goes on."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_server_starts_on_a_database_not_yet_migrated(tmp_path):
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CCHC_"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
    }
    started = subprocess.run(
        [sys.executable, "-c", "import cchc_tracker.wsgi as w; print(callable(w.application))"],
        env=environment, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "True"
    assert "Dashboards not warmed up: the database cannot be read" in started.stderr
