"""The admin in Chinese (issue 13): a constraint's error is a Chinese form error at its field;
the JavaScript catalog (admin:jsi18n) is served in Chinese, the picker's strings included; the
liaison, seal and webhook endpoint pages say what they do, and their saves are audited."""

import json

import pytest
from django.db.models import CheckConstraint, UniqueConstraint
from django.urls import reverse

from approvals.models import Seal
from approvals.services import install_seal
from audit.models import AuditEvent
from audit.services import events_for
from catalog.models import ItemVersion
from supervision.models import WebhookEndpoint
from tests.catalog.admin_forms import change_url, form_data
from tests.catalog.factories import draft_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, catalog_admin):
    client.force_login(catalog_admin)
    return client


@pytest.fixture
def root_client(client, make_user):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


# --- constraint errors ----------------------------------------------------------------------


def test_committed_over_statutory_is_a_chinese_error_at_the_field_and_saves_nothing(
    admin_client, catalog_admin
):
    draft = draft_item(catalog_admin)  # statutory 10, committed 5
    data = form_data(admin_client.get(change_url(draft)))
    data["committed_limit_days"] = 11
    events = AuditEvent.objects.count()

    response = admin_client.post(change_url(draft), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["committed_limit_days"] == ["承诺时限不能超过法定时限。"]
    assert not form.non_field_errors()
    page = response.content.decode()
    assert "承诺时限不能超过法定时限。" in page
    assert "是无效的" not in page and "itemversion_committed_within_statutory" not in page
    draft.refresh_from_db()
    assert draft.committed_limit_days == 5
    assert AuditEvent.objects.count() == events


def test_committed_equal_to_statutory_is_accepted(admin_client, catalog_admin):
    draft = draft_item(catalog_admin)
    data = form_data(admin_client.get(change_url(draft)))
    data["committed_limit_days"] = 10
    response = admin_client.post(change_url(draft), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.committed_limit_days == 10


def test_every_item_version_constraint_has_a_chinese_message_and_a_code():
    for constraint in ItemVersion._meta.constraints:
        assert isinstance(constraint, CheckConstraint | UniqueConstraint)
        message = str(constraint.violation_error_message)
        assert message != str(constraint.default_violation_error_message), constraint.name
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message), constraint.name
        assert constraint.violation_error_code, constraint.name


# --- the JavaScript catalog ------------------------------------------------------------------


def _js(text: str) -> str:
    """A string as the JavaScript catalog writes it (JSON, non-ASCII escaped)."""
    return json.dumps(text)


@pytest.mark.parametrize("accept", [None, "zh-CN,zh;q=0.9"])
def test_the_admin_javascript_catalog_is_chinese(admin_client, accept):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    response = admin_client.get(reverse("admin:jsi18n"), **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    # Django's own zh_Hans strings ...
    assert f"{_js('Available %s')}: {_js('可用 %s')}" in body
    assert f"{_js('Choose')}: {_js('选择')}" in body
    # ... and the picker strings it lacks, from locale/zh_Hans/LC_MESSAGES/djangojs.po.
    for msgid, msgstr in [
        ('Choose %s by selecting them and then select the "Choose" arrow button.', None),
        ("Choose all %s", "全选%s"),
        ("Choose selected %s", "选择所选%s"),
        ("Remove selected %s", "删除所选%s"),
        ('Remove %s by selecting them and then select the "Remove" arrow button.', None),
        ("Remove all %s", "删除全部%s"),
        ("(click to clear)", "(点击清除)"),
    ]:
        assert _js(msgid) + ": " in body, msgid
        if msgstr:
            assert f"{_js(msgid)}: {_js(msgstr)}" in body


def test_the_version_change_form_loads_the_javascript_catalog(admin_client, catalog_admin):
    page = admin_client.get(change_url(draft_item(catalog_admin))).content.decode()
    assert f'src="{reverse("admin:jsi18n")}"' in page
    assert "SelectFilter2.js" in page


# --- pages that say what they do, saves that are audited -------------------------------------


def test_the_liaison_page_explains_itself_and_an_assignment_is_audited(
    admin_client, make_user, department
):
    url = reverse("admin:catalog_department_liaisons")
    page = admin_client.get(url).content.decode()
    assert "关于联络员指派" in page
    assert "只能看到和办理本部门的数据" in page
    assert "记入操作日志" in page and "历史记录永久保留" in page

    user = make_user("zhang")
    response = admin_client.post(
        url, {"action": "assign", "user": user.pk, "department": department.pk}
    )
    assert response.status_code == 302
    assert [e.action for e in events_for(user)] == ["assign_liaison"]


@pytest.fixture
def seal(db):
    return install_seal(
        name="示范县行政审批专用章",
        code="S-1",
        document_prefix="示审批",
        bureau_name="示范县行政审批局",
    )


def test_the_seal_pages_explain_prefixes_editing_and_the_active_seal(root_client, seal):
    listing = root_client.get(reverse("admin:approvals_seal_changelist")).content.decode()
    assert "关于印章设置" in listing
    assert "当前启用的印章:示范县行政审批专用章(编码 S-1)" in listing

    page = root_client.get(reverse("admin:approvals_seal_change", args=[seal.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "只能修改印章名称、机关名称和各类文书的字号前缀" in text
    assert "每次保存都记入操作日志" in text
    assert "install_seal" in text  # how the active seal changes
    assert "受理通知书(受理时出具)" in text
    assert "<td>示审受</td>" in text  # the prefix this seal prints now


def test_the_seal_page_says_when_no_seal_is_active(root_client, seal):
    Seal.objects.filter(pk=seal.pk).update(active=False)
    listing = root_client.get(reverse("admin:approvals_seal_changelist")).content.decode()
    assert "当前没有启用的印章" in listing


def test_a_seal_edit_is_audited(root_client, seal):
    url = reverse("admin:approvals_seal_change", args=[seal.pk])
    data = {
        "name": seal.name,
        "document_prefix": seal.document_prefix,
        "bureau_name": "示范县审批局",
    }
    assert root_client.post(url, data).status_code == 302
    events = list(events_for(seal).filter(action="update_seal"))
    assert len(events) == 1
    assert events[0].data["after"] == {"bureau_name": "示范县审批局"}


def test_the_webhook_endpoint_pages_explain_what_is_sent_and_signed(root_client):
    for url in (
        reverse("admin:supervision_webhookendpoint_changelist"),
        reverse("admin:supervision_webhookendpoint_add"),
    ):
        text = root_client.get(url).content.decode()
        assert "关于回调地址" in text
        assert "push.created" in text and "supervision_report.claimed" in text
        assert "X-OneSeal-Signature" in text and "HMAC-SHA256" in text
        assert "只有启用的地址才会收到新的事件" in text
        assert "回调地址不能删除" in text


def test_a_webhook_endpoint_save_is_audited(root_client, department):
    add = root_client.get(reverse("admin:supervision_webhookendpoint_add"))
    secret = add.context["adminform"].form.initial["secret"]
    response = root_client.post(
        reverse("admin:supervision_webhookendpoint_add"),
        {
            "department": department.pk,
            "url": "https://x.example.test/in",
            "secret": secret,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    endpoint = WebhookEndpoint.objects.get()
    created = list(events_for(endpoint))
    assert len(created) == 1
    assert secret not in json.dumps(created[0].data, ensure_ascii=False)

    change = reverse("admin:supervision_webhookendpoint_change", args=[endpoint.pk])
    response = root_client.post(
        change, {"department": department.pk, "url": endpoint.url, "secret": ""}
    )  # 启用 unticked: deactivated
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.active is False
    assert len(list(events_for(endpoint))) == 2


@pytest.mark.parametrize("object_id", ["abc", "9" * 30, "1e3", "²"])
def test_the_seal_page_with_an_id_that_cannot_exist_is_no_server_error(
    root_client, seal, object_id
):
    response = root_client.get(f"/admin/approvals/seal/{object_id}/change/")
    assert response.status_code in (302, 404)
