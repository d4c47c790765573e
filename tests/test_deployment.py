"""The README's Deploying section: its production settings pass Django's deployment check,
and its nginx block lets through what the app accepts."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from tests.test_settings import start_django

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DEPLOYING = README[README.index("## Deploying") : README.index("## Development")]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DEPLOYING, flags=re.DOTALL)


def assignments(text: str) -> dict[str, str]:
    return dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, flags=re.MULTILINE))


def documented_production_settings() -> dict[str, str]:
    """The Deploying section's environment, with a secret key as the README says to make."""
    settings = next(assignments(b) for b in blocks("sh") if "DJANGO_DEBUG=false" in b)
    return {**settings, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}


def test_the_deploying_section_lists_the_settings_of_env_example():
    example = assignments((ROOT / ".env.example").read_text(encoding="utf-8"))
    documented = documented_production_settings()
    assert set(documented) == set(example)
    del documented["DJANGO_SECRET_KEY"], example["DJANGO_SECRET_KEY"]
    assert documented == example


def test_the_documented_production_settings_pass_the_deployment_check():
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CCHC_"))}
    environment.pop("DATABASE_URL", None)
    environment.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**environment, **documented_production_settings()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_behind_the_proxy_django_trusts_its_scheme_header_and_redirects_to_https():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    behind = start_django(code, DJANGO_BEHIND_HTTPS_PROXY="true", DJANGO_HSTS_SECONDS="600")
    assert behind.stdout.split() == ["('HTTP_X_FORWARDED_PROTO',", "'https')", "True", "600"]
    # Without the proxy the header is anyone's to send: nothing trusts it, nothing redirects.
    alone = start_django(code)
    assert alone.stdout.split() == ["None", "False", "0"], alone.stderr


def test_the_nginx_block_lets_through_one_file_of_the_default_upload_limit():
    (nginx,) = blocks("nginx")
    (body_limit,) = re.findall(r"client_max_body_size (\d+)m;", nginx)
    default = start_django("from django.conf import settings as s; print(s.UPLOAD_MAX_MB)")
    # The largest evidence file, plus 1 MB for the form fields that come with it.
    assert int(body_limit) == int(default.stdout) + 1
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx


def test_the_sign_in_lock_reads_the_clients_address_from_the_proxy_only_when_behind_it():
    code = (
        "from axes.helpers import get_client_ip_address; "
        "from django.test import RequestFactory; "
        "r = RequestFactory().post('/login/', REMOTE_ADDR='127.0.0.1', "
        "HTTP_X_FORWARDED_FOR='198.51.100.66, 203.0.113.9'); "
        "print(get_client_ip_address(r))"
    )
    # nginx appended the client's address (the right-most): a forged entry before it is not it.
    behind = start_django(code, DJANGO_BEHIND_HTTPS_PROXY="true")
    assert behind.stdout.split() == ["203.0.113.9"], behind.stderr
    alone = start_django(code)
    assert alone.stdout.split() == ["127.0.0.1"], alone.stderr


def test_the_sign_in_cool_off_comes_from_the_environment():
    code = "from django.conf import settings as s; print(s.AXES_COOLOFF_TIME.total_seconds())"
    assert start_django(code).stdout.split() == ["900.0"]
    assert start_django(code, CCHC_LOGIN_COOLOFF_MINUTES="40").stdout.split() == ["2400.0"]
    refused = start_django(code, CCHC_LOGIN_COOLOFF_MINUTES="0")
    assert "CCHC_LOGIN_COOLOFF_MINUTES must be at least 1, not 0." in refused.stderr
