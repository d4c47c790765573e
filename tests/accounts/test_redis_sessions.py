"""Sessions read from Redis when REDIS_URL is set (see settings.py).

The end-to-end test talks to the real Redis on 127.0.0.1:6379 and is skipped where none
runs: `make test` must pass on a machine that has only Python.
"""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def redis_is_running() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=0.5):
            return True
    except OSError:
        return False


def test_redis_url_switches_sessions_to_redis_backed_database_sessions():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_ENGINE, s.SESSION_CACHE_ALIAS, s.CACHES['sessions']['BACKEND'])"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "cchc_tracker.settings",
            "REDIS_URL": "redis://127.0.0.1:6379/9",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.contrib.sessions.backends.cached_db",
        "sessions",
        "django.core.cache.backends.redis.RedisCache",
    ]


@pytest.fixture
def redis_sessions(settings):
    if not redis_is_running():
        pytest.skip(f"no Redis on {REDIS_HOST}:{REDIS_PORT}")
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://{REDIS_HOST}:{REDIS_PORT}/9",
            "KEY_PREFIX": f"cchc-test-{uuid.uuid4().hex}",  # nothing shared between runs
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_CACHE_ALIAS = "sessions"
    yield caches["sessions"]
    caches["sessions"].close()


def test_sign_in_and_out_with_sessions_in_redis(redis_sessions, leader):
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX

    client = Client()
    response = client.post(reverse("login"), {"username": "leader", "password": PASSWORD})
    assert response.status_code == 302
    session_key = client.cookies["sessionid"].value
    assert redis_sessions.get(KEY_PREFIX + session_key) is not None
    assert Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("dashboards:year-dashboard")).status_code == 200

    stolen = Client()
    stolen.cookies["sessionid"] = session_key
    client.post(reverse("logout"))

    # Logging out removes the session from Redis and from the database: the old cookie
    # no longer opens anything, whichever worker serves it.
    assert redis_sessions.get(KEY_PREFIX + session_key) is None
    assert not Session.objects.filter(session_key=session_key).exists()
    response = stolen.get(reverse("dashboards:year-dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
