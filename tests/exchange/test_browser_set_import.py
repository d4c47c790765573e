"""A real Chromium: an admin brings next year's set in from Excel, dry run first."""

import pytest

from indexes.models import IndexSet
from tests.exchange.test_set_excel import filled_template
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_checks_then_imports_an_index_set_from_an_excel_file(
    live_server, page, admin_user, tmp_path
):
    path = tmp_path / "bo-chi-so-xa-2025.xlsx"
    filled_template().save(path)
    page.goto(f"{live_server.url}/exchange/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.get_by_role("link", name="Nhập bộ chỉ số từ Excel").or_(
        page.get_by_role("link", name="Import an index set from Excel")
    ).first.click()
    page.set_input_files("input[type=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("table.tree")
    assert page.get_by_text("Kế hoạch", exact=True).is_visible()
    assert not IndexSet.objects.exists()  # only checked so far
    page.click("form[action$='/confirm/'] button[type=submit]")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Bộ chỉ số xã 2025"
    assert IndexSet.objects.get().criteria.count() == 3
