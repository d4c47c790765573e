"""Vietnamese first, English second, and every string translated."""

import os
from pathlib import Path

import polib
import pytest
from django.urls import reverse

from cchc_tracker.i18n import LOCALE_DIR, compile_catalogues
from tests.conftest import client_for

VI_PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / "django.po"


def test_every_vietnamese_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(VI_PO))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == [], f"untranslated: {missing[:10]}"
    assert fuzzy == [], f"fuzzy: {fuzzy[:10]}"


def test_translations_keep_their_placeholders():
    catalogue = polib.pofile(str(VI_PO))
    import re

    placeholder = re.compile(r"%\(\w+\)s|\{\w+\}")

    def translation(entry: polib.POEntry) -> str:
        # Vietnamese has one plural form, which speaks for the plural source text.
        return entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr

    wrong = [
        entry.msgid
        for entry in catalogue.translated_entries()
        if sorted(placeholder.findall(entry.msgid_plural or entry.msgid))
        != sorted(placeholder.findall(translation(entry)))
    ]
    assert wrong == []


def test_catalogues_compile_in_pure_python(tmp_path: Path):
    target = tmp_path / "locale" / "vi" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.po").write_bytes(VI_PO.read_bytes())
    [written] = compile_catalogues(tmp_path / "locale")
    assert polib.mofile(str(written)).find("Log in").msgstr == "Đăng nhập"


def test_the_test_run_compiles_only_missing_or_stale_catalogues(tmp_path: Path):
    target = tmp_path / "locale" / "vi" / "LC_MESSAGES"
    target.mkdir(parents=True)
    po_path = target / "django.po"
    po_path.write_bytes(VI_PO.read_bytes())
    assert compile_catalogues(tmp_path / "locale", only_stale=True) == [target / "django.mo"]
    assert compile_catalogues(tmp_path / "locale", only_stale=True) == []  # up to date
    later = (target / "django.mo").stat().st_mtime + 10
    os.utime(po_path, (later, later))  # the .po was edited after the last compile
    assert compile_catalogues(tmp_path / "locale", only_stale=True) == [target / "django.mo"]


def test_login_page_is_vietnamese_by_default(client):
    html = client.get(reverse("login")).content.decode()
    assert 'lang="vi"' in html
    assert "Đăng nhập" in html


def test_a_user_can_switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    html = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in html
    assert "Log in" in html


@pytest.mark.django_db
def test_decimals_show_with_a_comma_in_vietnamese_and_a_point_in_english(leader):
    from tests.factories import make_index_set

    index_set = make_index_set()
    client = client_for(leader)
    assert "95,00" in client.get(index_set.get_absolute_url()).content.decode()
    client.post(reverse("set_language"), {"language": "en"})
    assert "95.00" in client.get(index_set.get_absolute_url()).content.decode()


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html
