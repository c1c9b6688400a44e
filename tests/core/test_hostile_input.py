"""Hostile input a client can send answers 400 with the contract's body (API) or the Chinese 400
page, never a 500: control characters anywhere, JSON nested too deep or too large. Runs on
SQLite and, in CI's second pass, on PostgreSQL, which refuses NUL in text outright."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

NUL_URLS = [
    "/catalog/?q=%00",
    "/catalog/?department=%00",
    "/catalog/?category=%00",
    "/catalog/%00/",
    "/catalog/?q=%1B[31m",
    "/approvals/window/?q=%00",
    "/approvals/window/?item=%00",
]
NUL_API_URLS = [
    "/api/v1/catalog/items/%00/",
    "/api/v1/permits/%00/",
    "/api/v1/catalog/items/?q=%00",
    "/api/v1/pushes/?status=%7F",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_control_character_in_a_page_url_is_the_chinese_400_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "不允许的控制字符" in response.content.decode()


@pytest.mark.parametrize("url", NUL_API_URLS)
def test_a_control_character_in_an_api_url_is_a_400_with_a_code(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_characters"


def test_tabs_and_line_breaks_are_ordinary_text(client):
    assert client.get("/catalog/?q=%E9%A3%9F%E5%93%81%09%0A").status_code == 200


def test_a_control_character_in_a_form_field_is_refused(client):
    response = client.post("/accounts/login/", {"username": "clerk\x00", "password": "x"})
    assert response.status_code == 400
    assert "U+0000" in response.content.decode()


def _post_json(client, url, body: str):
    return client.post(url, data=body, content_type="application/json")


def test_json_nested_a_thousand_deep_is_a_400_on_the_anonymous_token_endpoint(client):
    response = _post_json(client, "/api/v1/auth/token/", "[" * 1000 + "]" * 1000)
    assert response.status_code == 400
    assert response.json()["code"] == "nested_too_deep"


def test_json_nested_past_the_limit_is_a_400_within_it_is_parsed(client, settings):
    settings.API_MAX_JSON_DEPTH = 4
    deep = {"username": {"a": {"b": {"c": {"d": 1}}}}}
    assert _post_json(client, "/api/v1/auth/token/", json.dumps(deep)).json()["code"] == (
        "nested_too_deep"
    )
    shallow = {"username": "nobody", "password": "wrong"}
    response = _post_json(client, "/api/v1/auth/token/", json.dumps(shallow))
    assert response.json()["code"] == "invalid_credentials"


def test_a_json_body_over_the_size_limit_is_a_400(client, settings):
    settings.API_MAX_JSON_BYTES = 100
    body = json.dumps({"username": "x" * 200, "password": "y"})
    response = _post_json(client, "/api/v1/auth/token/", body)
    assert response.status_code == 400
    assert response.json()["code"] == "body_too_large"


@pytest.mark.parametrize(
    "raw",
    [
        '{"username": "a\\u0000b", "password": "x"}',
        '{"username": "\\ud800", "password": "x"}',
        '{"user\\u0007name": "a", "password": "x"}',
    ],
)
def test_a_control_character_or_lone_surrogate_in_json_is_a_400(client, raw):
    response = _post_json(client, "/api/v1/auth/token/", raw)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_characters"


def test_nan_is_not_json(client):
    response = _post_json(client, "/api/v1/auth/token/", '{"username": NaN}')
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_request"


@pytest.fixture
def database_down(monkeypatch):
    """Every statement fails as psycopg2 fails while PostgreSQL restarts."""
    from django.db import OperationalError
    from django.db.backends import utils

    def refuse(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    def down():
        monkeypatch.setattr(utils.CursorWrapper, "execute", refuse)
        monkeypatch.setattr(utils.CursorWrapper, "executemany", refuse)

    return down


def test_an_api_call_while_the_database_restarts_is_a_503_with_retry_after(
    api, liaison, database_down
):
    client = api.as_user(liaison)
    database_down()
    response = client.get("/api/v1/pushes/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "service_unavailable"


def test_a_page_while_the_database_restarts_is_a_503_page_with_retry_after(database_down):
    client = Client(raise_request_exception=False)
    database_down()
    response = client.get("/catalog/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "稍后重试" in response.content.decode()


def test_a_form_encoded_api_body_with_a_control_character_is_a_400(client):
    response = client.post(
        "/api/v1/auth/token/",
        data="username=a%01b&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_characters"


def test_nul_in_an_authenticated_json_body_is_a_400(api, clerk):
    response = api.as_user(clerk).post(
        "/api/v1/applications/", data='{"item": "SC\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_characters"
