"""Django in Vietnamese: every string of Django's admin (its pages, its scripts, the user
forms of django.contrib.auth in it) and of Django's core (validators, model fields, forms,
the paginator, the CSRF page) that Django's own Vietnamese catalogue lacks is translated in
the project's, and the admin shows it."""

from pathlib import Path

import django
import polib
import pytest
from django.urls import reverse

from cchc_tracker.i18n import LOCALE_DIR
from tests.conftest import client_for

CONTRIB = Path(django.__file__).parent / "contrib"
CORE = Path(django.__file__).parent / "conf"


def _translated(path: Path) -> set[tuple[str | None, str]]:
    return {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(str(path)).translated_entries()
        if not entry.fuzzy
    }


@pytest.mark.parametrize(
    ("package", "domain"),
    [
        (CONTRIB / "admin", "django"),
        (CONTRIB / "auth", "django"),
        (CONTRIB / "admin", "djangojs"),
        # Django's core: validators, model fields, forms, the paginator, the CSRF page.
        (CORE, "django"),
    ],
    ids=["admin", "auth", "admin-js", "core"],
)
def test_every_django_string_has_a_vietnamese_translation(package, domain):
    catalogue = f"{domain}.po"
    strings = polib.pofile(str(package / "locale" / "en" / "LC_MESSAGES" / catalogue))
    translated = _translated(package / "locale" / "vi" / "LC_MESSAGES" / catalogue)
    translated |= _translated(LOCALE_DIR / "vi" / "LC_MESSAGES" / catalogue)
    missing = [e.msgid for e in strings if (e.msgctxt, e.msgid) not in translated]
    assert missing == []


@pytest.mark.django_db
def test_the_admin_skip_link_and_theme_toggle_read_in_vietnamese(admin_user):
    html = client_for(admin_user).get(reverse("admin:index")).content.decode()
    assert "Chuyển đến nội dung chính" in html
    assert "Đổi giao diện (hiện tại: tự động)" in html
    assert "Skip to main content" not in html and "Toggle theme" not in html


@pytest.mark.django_db
def test_the_admin_calendar_names_the_days_in_vietnamese(admin_user):
    script = client_for(admin_user).get(reverse("admin:jsi18n")).content.decode()
    assert "Ch\\u1ee7 nh\\u1eadt" in script or "Chủ nhật" in script
