"""Token auth, departments, and the contract's error body on every 4xx."""

import pytest
from django.urls import path
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from core.errors import InvalidTransition
from core.roles import Role, has_role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def assert_error_body(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def test_token_with_good_credentials(api, clerk):
    response = api.post(
        "/api/v1/auth/token/", {"username": "clerk", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    departments = api.get("/api/v1/departments/", HTTP_AUTHORIZATION=f"Token {token}")
    assert departments.status_code == 200


def test_token_with_wrong_password_is_400(api, clerk):
    response = api.post(
        "/api/v1/auth/token/", {"username": "clerk", "password": "wrong"}, format="json"
    )
    body = assert_error_body(response, 400, "invalid_credentials")
    assert "用户名或密码错误" in body["detail"]


def test_token_with_missing_fields_is_400_with_fields(api):
    response = api.post("/api/v1/auth/token/", {"username": "clerk"}, format="json")
    body = assert_error_body(response, 400, "invalid")
    assert "password" in body["fields"]


def test_malformed_json_is_400(api):
    response = api.post("/api/v1/auth/token/", data="{not json", content_type="application/json")
    assert_error_body(response, 400, "malformed_request")


def test_no_credentials_is_401(api, department):
    response = api.get("/api/v1/departments/")
    assert_error_body(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Token")


def test_bad_token_is_401(api):
    response = api.get("/api/v1/departments/", HTTP_AUTHORIZATION="Token deadbeef")
    assert_error_body(response, 401, "authentication_failed")


def test_departments_list_is_code_and_name(api, clerk, department, other_department):
    response = api.as_user(clerk).get("/api/v1/departments/")
    assert response.json() == [
        {"code": "health", "name": "县卫生健康局"},
        {"code": "market", "name": "县市场监督管理局"},
    ]


def test_unknown_api_path_is_404_json(api, clerk):
    assert_error_body(api.as_user(clerk).get("/api/v1/no-such-thing/"), 404, "not_found")


def test_wrong_method_is_405_with_code(api, clerk):
    assert_error_body(api.as_user(clerk).delete("/api/v1/departments/"), 405, "method_not_allowed")


# A probe view (in this test's own urlconf) exercises the handler for role and state errors.
class ProbeView(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request):
        if not has_role(request.user, Role.APPROVER):
            from core.errors import NotAllowed

            raise NotAllowed()
        raise InvalidTransition(code="already_claimed")

    def get(self, request):
        from django.http import Http404

        raise Http404


urlpatterns = [path("api/v1/probe/", ProbeView.as_view())]


@pytest.mark.urls(__name__)
def test_role_not_allowed_is_403(api, clerk):
    assert_error_body(api.as_user(clerk).post("/api/v1/probe/"), 403, "permission_denied")


@pytest.mark.urls(__name__)
def test_state_conflict_is_409_with_its_code(api, approver):
    assert_error_body(api.as_user(approver).post("/api/v1/probe/"), 409, "already_claimed")


@pytest.mark.urls(__name__)
def test_django_404_inside_a_view_is_404_body(api, clerk):
    assert_error_body(api.as_user(clerk).get("/api/v1/probe/"), 404, "not_found")


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/departments/" in schema.content
    assert client.get("/api/docs/").status_code == 200


def test_the_whole_openapi_schema_validates_without_warnings(tmp_path):
    """The schema is exact: every endpoint of every app generates and validates cleanly."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(tmp_path / "schema.yaml"),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "/api/v1/pushes/{id}/claim/" in (tmp_path / "schema.yaml").read_text()
