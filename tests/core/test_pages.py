"""Login, each role's home page, and refusal elsewhere."""

import pytest
from django.urls import reverse

from core.roles import Role
from tests.conftest import PASSWORD

HOMES = {
    Role.WINDOW_CLERK: "/approvals/window/",
    Role.REVIEWER: "/approvals/review/",
    Role.APPROVER: "/approvals/decide/",
    Role.LIAISON: "/supervision/inbox/",
    Role.INSPECTOR: "/accountability/",
    Role.CATALOG_ADMIN: "/admin/",
}


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_lands_on_its_home_page_after_login(client, make_user, department, role):
    extra = {"department": department} if role == Role.LIAISON else {}
    make_user("u1", role, is_staff=(role == Role.CATALOG_ADMIN), **extra)
    response = client.post(reverse("login"), {"username": "u1", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == HOMES[role]
    assert response.status_code == 200


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_is_refused_on_the_other_roles_pages(client, make_user, department, role):
    extra = {"department": department} if role == Role.LIAISON else {}
    user = make_user("u1", role, **extra)
    client.force_login(user)
    for other, url in HOMES.items():
        if other in (role, Role.CATALOG_ADMIN):
            continue
        if role == Role.INSPECTOR and other == Role.LIAISON:
            continue  # inspectors read every department's pushes (design: "read everything")
        response = client.get(url)
        assert response.status_code == 403, (role, url)
        assert "无权访问" in response.content.decode()


def test_non_staff_roles_cannot_enter_the_admin(client, clerk):
    client.force_login(clerk)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_anonymous_user_is_sent_to_login(client):
    response = client.get("/approvals/window/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_wrong_password_shows_a_chinese_error(client, clerk):
    response = client.post(reverse("login"), {"username": "clerk", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_login_page_is_in_chinese(client):
    body = client.get(reverse("login")).content.decode()
    assert 'lang="zh-hans"' in body and "登录一章通" in body


def test_navigation_shows_only_the_users_role_entries(client, clerk):
    client.force_login(clerk)
    body = client.get("/approvals/window/").content.decode()
    assert "受理工作台" in body
    assert "审查队列" not in body and "推送待认领" not in body


def test_procedures_and_remedies_are_in_the_navigation_of_those_who_use_them(
    client, clerk, approver, inspector
):
    """许可后续程序 for the window, the reviewer and the approver; 复议应诉 for the reviewer, the
    approver and the inspector (who reads it) but not the window."""
    seen = {}
    for user in (clerk, approver, inspector):
        client.force_login(user)
        items = client.get("/approvals/applications/").context["nav_items"]
        seen[user.username] = {item["label"] for item in items}
    assert "许可后续程序" in seen[clerk.username] and "复议应诉" not in seen[clerk.username]
    assert {"许可后续程序", "复议应诉"} <= seen[approver.username]
    assert "复议应诉" in seen[inspector.username]


def test_user_without_role_gets_a_clear_page(client, make_user):
    client.force_login(make_user("nobody"))
    response = client.get("/")
    assert response.status_code == 403
    assert "未分配角色" in response.content.decode()


def test_logout_is_post_only_and_ends_the_session(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/approvals/window/").status_code == 302


def test_every_page_carries_a_content_security_policy_without_inline_script(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert "<script>" not in response.content.decode()


def test_the_api_docs_start_without_inline_script(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200


def test_every_paginated_list_documents_its_400_and_404():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    lists = 0
    for item in schema["paths"].values():
        operation = item.get("get") or {}
        if {"page", "page_size"} & {p["name"] for p in operation.get("parameters", [])}:
            lists += 1
            assert {"400", "404"} <= set(operation["responses"]), operation["operationId"]
    assert lists >= 5
