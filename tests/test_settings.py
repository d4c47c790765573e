"""Start-up rules that protect a production deployment."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import global_settings

ROOT = Path(__file__).resolve().parent.parent


def start_django(code: str = "", **env: str) -> subprocess.CompletedProcess:
    """Start Django in a fresh process with only these DJANGO_ / CCHC_ variables set."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CCHC_"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "cchc_tracker.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_start_up_stops_without_a_secret_key_when_debug_is_off():
    result = start_django(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_start_up_succeeds_with_a_secret_key_when_debug_is_off():
    result = start_django(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_project_defaults_to_vietnamese_and_the_ho_chi_minh_time_zone(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CCHC_UPLOAD_MAX_MB", "20MB", "CCHC_UPLOAD_MAX_MB must be a whole number, not '20MB'."),
        ("DJANGO_CONN_MAX_AGE", "1.5", "DJANGO_CONN_MAX_AGE must be a whole number, not '1.5'."),
        ("CCHC_DASHBOARD_FRESHNESS_SECONDS", "-1", "must be at least 0, not -1."),
        ("CCHC_EXCHANGE_MAX_ROWS", "0", "CCHC_EXCHANGE_MAX_ROWS must be at least 1, not 0."),
    ],
)
def test_a_setting_that_is_not_a_proper_number_stops_start_up_naming_it(variable, value, message):
    result = start_django(**{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr and variable in result.stderr


def test_number_settings_come_from_the_environment():
    result = start_django(
        CCHC_UPLOAD_MAX_MB=" 7 ",
        CCHC_EXCHANGE_MAX_ROWS="120",
        DJANGO_CONN_MAX_AGE="0",
        code="from django.conf import settings as s; "
        "print(s.UPLOAD_MAX_MB, s.EXCHANGE_MAX_ROWS, s.DATABASES['default']['CONN_MAX_AGE'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["7", "120", "0"]


# --- every setting the code reads is declared, and every variable is documented ---------

# `settings.X` and `getattr(settings, "X"`; the name starts with a capital letter.
SETTING_READ = re.compile(
    r"""\bsettings\s*\.\s*([A-Z][A-Z0-9_]*)\b|getattr\(\s*settings\s*,\s*["']([A-Z][A-Z0-9_]*)["']"""
)
ENVIRONMENT_READ = re.compile(
    r"""(?:os\.environ\.get|os\.environ\[|os\.getenv|env_\w+)\(?\s*["']([A-Z][A-Z0-9_]*)["']"""
)
NOT_PROJECT_CODE = {".venv", "node_modules", "staticfiles", "media", "build"}


def project_python_files() -> list[Path]:
    """Code, tests and migrations (tests that set an undeclared name change nothing); not
    this file, whose examples would match."""
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if not NOT_PROJECT_CODE.intersection(path.relative_to(ROOT).parts)
        and not any(part.startswith(".") for part in path.relative_to(ROOT).parts)
        and path != Path(__file__).resolve()
    ]


def names_assigned_in(path: Path) -> set[str]:
    """Upper-case names the module assigns anywhere, including inside `if` blocks."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names |= {t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()}
    return names


def test_the_scan_finds_setting_reads_in_both_spellings():
    text = 'x = settings.UPLOAD_MAX_MB\ny = getattr(settings, "MISSING_ONE", 3)\n'
    found = {a or b for a, b in SETTING_READ.findall(text)}
    assert found == {"UPLOAD_MAX_MB", "MISSING_ONE"}


def test_every_setting_the_code_reads_is_declared_in_settings_py():
    declared = names_assigned_in(ROOT / "cchc_tracker" / "settings.py")
    djangos_own = {name for name in dir(global_settings) if name.isupper()}
    undeclared = []
    for path in project_python_files():
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in SETTING_READ.finditer(line):
                name = match.group(1) or match.group(2)
                if name not in declared and name not in djangos_own:
                    undeclared.append(f"{path.relative_to(ROOT)}:{line_number} {name}")
    assert len(project_python_files()) > 100, "the scan missed the project's files"
    assert not undeclared, f"read but declared nowhere in cchc_tracker/settings.py: {undeclared}"


def test_every_environment_variable_is_in_env_example_and_the_readme():
    variables = set(ENVIRONMENT_READ.findall((ROOT / "cchc_tracker" / "settings.py").read_text()))
    assert {"DJANGO_SECRET_KEY", "CCHC_UPLOAD_MAX_MB", "CCHC_EXCHANGE_MAX_ROWS"} <= variables
    example = (ROOT / ".env.example").read_text()
    in_example = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))
    readme = (ROOT / "README.md").read_text()
    in_readme_table = set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", readme, flags=re.MULTILINE))
    assert not variables - in_example, f".env.example lacks {sorted(variables - in_example)}"
    missing = sorted(variables - in_readme_table)
    assert not missing, f"the README's settings table lacks {missing}"
