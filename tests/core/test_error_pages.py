"""With DEBUG off (as `make run` and a deployment run), a missing page and a server error are
the product's own Chinese pages (templates/404.html, 500.html), never Django's debug page."""

import pytest
from django.urls import path

from config import urls as project_urls

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("boom")


# This module is the URLconf of the 500 test: the project's URLs and handlers, plus one view
# that fails.
urlpatterns = [path("boom/", _boom), *project_urls.urlpatterns]
handler404 = project_urls.handler404
handler500 = project_urls.handler500


def test_an_unknown_page_is_the_chinese_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/nope/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "页面不存在" in text and "返回首页" in text
    assert "Page not found" not in text and "URLconf" not in text
    assert "oneseal.css" in text  # the product's layout (templates/base.html)


def test_a_server_error_is_the_chinese_500_page(client, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "系统错误" in text and "返回首页" in text
    assert "Traceback" not in text and "RuntimeError" not in text and "boom" not in text


def test_an_unknown_api_path_is_a_json_404_with_a_code(client, settings):
    settings.DEBUG = False
    response = client.get("/api/v1/nope/", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
