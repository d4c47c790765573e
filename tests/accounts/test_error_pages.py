"""The 403, 404 and 500 pages: translated, with the reason where there is one.

Rendered with DEBUG off, as in production (DEBUG shows Django's technical 404 instead).
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import permission_denied, server_error

from tests.conftest import client_for
from tests.factories import make_index_set

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def text_of(response) -> str:
    return response.content.decode()


def test_a_refusal_shows_its_reason_in_vietnamese_and_a_link_home(official_a):
    response = client_for(official_a).get(reverse("assessments:appraisal-board"))
    html = text_of(response)
    assert response.status_code == 403
    assert 'lang="vi"' in html and "Không được phép" in html
    assert "Bảng thẩm định dành cho cán bộ thẩm định và lãnh đạo." in html
    assert f'href="{reverse("home")}"' in html and "Trang chủ" in html


def test_a_refusal_without_a_reason_says_so_in_general_words(rf: RequestFactory, official_a):
    request = rf.get("/somewhere/")
    request.user = official_a
    with translation.override("vi"):
        html = text_of(permission_denied(request, PermissionDenied()))
    assert "Bạn không có quyền mở trang này hoặc thực hiện thao tác này." in html


def test_a_refused_form_offers_the_way_back_to_the_page_it_came_from(leader):
    index_set = make_index_set()
    board = f"http://testserver{reverse('assessments:appraisal-board')}?year=2023"
    response = client_for(leader).post(
        reverse("assessments:advance-phase", kwargs={"set_code": index_set.code}),
        HTTP_REFERER=board,
    )
    html = text_of(response)
    assert response.status_code == 403
    assert "Chỉ quản trị viên mới được chuyển bộ chỉ số sang giai đoạn tiếp theo." in html
    assert f'<a href="{board.replace("&", "&amp;")}">Quay lại</a>' in html


@pytest.mark.parametrize(
    "referrer", ["https://elsewhere.example/appraisal/", "javascript:alert(1)"]
)
def test_no_way_back_leads_off_the_site(leader, referrer):
    index_set = make_index_set()
    response = client_for(leader).post(
        reverse("assessments:advance-phase", kwargs={"set_code": index_set.code}),
        HTTP_REFERER=referrer,
    )
    assert response.status_code == 403
    assert "Quay lại" not in text_of(response) and "elsewhere" not in text_of(response)


def test_a_not_found_page_shows_its_reason_in_vietnamese(leader):
    response = client_for(leader).get(
        reverse("dashboards:unit-scorecard", kwargs={"year": 2023, "unit_code": "no-such-unit"})
    )
    html = text_of(response)
    assert response.status_code == 404
    assert 'lang="vi"' in html and "Không tìm thấy trang" in html
    assert "Không có đơn vị nào có mã này." in html
    assert f'href="{reverse("home")}"' in html


def test_a_not_found_page_without_a_reason_hides_djangos_english_words(leader, official_b, unit_a):
    unknown_set = client_for(leader).get(reverse("assessments:publish", args=["no-such-set"]))
    hidden_unit = client_for(official_b).get(
        reverse("commitments:awards-unit", kwargs={"unit_code": unit_a.code})
    )
    unknown_address = client_for(leader).get("/no/such/page/")
    for response in (unknown_set, hidden_unit, unknown_address):
        html = text_of(response)
        assert response.status_code == 404
        assert "Không có trang nào ở địa chỉ này." in html
        assert "matches the given query" not in html and "Http404" not in html
        assert "Resolver404" not in html


@pytest.mark.urls("tests.accounts.urls_with_an_error")
def test_a_server_error_is_a_translated_page_with_the_apps_own_css():
    client = Client(raise_request_exception=False)
    response = client.get("/fail/")
    html = text_of(response)
    assert response.status_code == 500
    assert 'lang="vi"' in html and "Lỗi máy chủ" in html
    assert "Máy chủ gặp lỗi và không thể hoàn tất yêu cầu của bạn." in html
    assert '<link rel="stylesheet" href="/static/css/app.css">' in html
    assert "http" not in html.split("<body>")[0]  # nothing from a CDN
    assert "a bug the 500 page must not show" not in html


@pytest.mark.urls("tests.accounts.urls_with_an_error")
def test_the_server_error_page_follows_the_language_switch():
    client = Client(raise_request_exception=False)
    client.post(reverse("set_language"), {"language": "en"})
    html = text_of(client.get("/fail/"))
    assert 'lang="en"' in html and "Server error" in html and "Lỗi máy chủ" not in html


def test_the_server_error_page_renders_without_a_request_context(rf: RequestFactory):
    """Django's server_error passes no context: no user, no context processors."""
    with translation.override("vi"):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Lỗi máy chủ" in text_of(response)
