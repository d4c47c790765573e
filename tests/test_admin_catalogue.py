"""Django admin in Vietnamese: every string of Django's admin that its own Vietnamese
catalogue lacks is translated in the project's, and the admin shows it."""

from pathlib import Path

import django
import polib
import pytest
from django.urls import reverse

from cchc_tracker.i18n import LOCALE_DIR
from tests.conftest import client_for

ADMIN_LOCALE = Path(django.__file__).parent / "contrib" / "admin" / "locale"


def _translated(path: Path) -> set[tuple[str | None, str]]:
    return {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(str(path)).translated_entries()
        if not entry.fuzzy
    }


def test_every_admin_string_has_a_vietnamese_translation():
    admin_strings = polib.pofile(str(ADMIN_LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    translated = _translated(ADMIN_LOCALE / "vi" / "LC_MESSAGES" / "django.po")
    translated |= _translated(LOCALE_DIR / "vi" / "LC_MESSAGES" / "django.po")
    missing = [e.msgid for e in admin_strings if (e.msgctxt, e.msgid) not in translated]
    assert missing == []


@pytest.mark.django_db
def test_the_admin_skip_link_and_theme_toggle_read_in_vietnamese(admin_user):
    html = client_for(admin_user).get(reverse("admin:index")).content.decode()
    assert "Chuyển đến nội dung chính" in html
    assert "Đổi giao diện (hiện tại: tự động)" in html
    assert "Skip to main content" not in html and "Toggle theme" not in html
