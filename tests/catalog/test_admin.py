"""Catalog admin: drafts editable, published versions frozen, actions call the services,
history readable, lists in a constant number of queries."""

import pytest
from django.urls import reverse

from audit.services import events_for
from catalog import selectors, services
from catalog.models import Item, ItemVersion
from tests.catalog.admin_forms import change_url, form_data
from tests.catalog.factories import draft_item, published_item
from tests.queries import exact_queries

pytestmark = pytest.mark.django_db

Status = ItemVersion.Status


@pytest.fixture
def admin_client(client, catalog_admin):
    client.force_login(catalog_admin)
    return client


# --- lists ----------------------------------------------------------------------------------


def _get(admin_client, url, queries):
    with exact_queries(queries):
        response = admin_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url, queries", [("/admin/catalog/item/", 12), ("/admin/catalog/itemversion/", 13)]
)
def test_admin_lists_take_the_same_exact_queries_for_5_or_30_items(
    admin_client, catalog_admin, url, queries
):
    for n in range(5):
        published_item(catalog_admin, f"A-{n:03}")
    _get(admin_client, url, queries)
    for n in range(5, 30):
        published_item(catalog_admin, f"A-{n:03}")
    _get(admin_client, url, queries)


def test_a_draft_page_takes_the_same_exact_queries_for_5_or_30_items(admin_client, catalog_admin):
    draft = draft_item(catalog_admin, "SC-900")
    url = change_url(draft)
    for n in range(5):
        published_item(catalog_admin, f"A-{n:03}")
    # 22: issue 13 added the steps inline (1) and the publication check's steps (1).
    _get(admin_client, url, 22)
    for n in range(5, 30):
        published_item(catalog_admin, f"A-{n:03}")
    _get(admin_client, url, 22)


# --- published versions are frozen ----------------------------------------------------------


def test_a_published_version_page_is_read_only(admin_client, catalog_admin):
    version = published_item(catalog_admin)
    response = admin_client.get(change_url(version))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in response.content.decode()


def test_posting_an_edit_of_a_published_version_is_refused(admin_client, catalog_admin):
    version = published_item(catalog_admin)
    draft = services.start_draft(item=version.item, actor=catalog_admin)
    data = form_data(admin_client.get(change_url(draft)))
    data["name"] = "被篡改的名称"
    response = admin_client.post(change_url(version), data)
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.name == "食品经营许可"


def test_a_published_version_cannot_be_deleted(admin_client, catalog_admin):
    version = published_item(catalog_admin)
    url = reverse("admin:catalog_itemversion_delete", args=[version.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert ItemVersion.objects.filter(pk=version.pk).exists()


def test_history_of_a_version_shows_who_changed_it_and_cannot_revert(admin_client, catalog_admin):
    version = published_item(catalog_admin)
    url = reverse("admin:catalog_itemversion_history", args=[version.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "catadmin" in response.content.decode()
    record = version.history.first()
    form_url = reverse(
        "admin:catalog_itemversion_simple_history", args=[version.pk, record.history_id]
    )
    assert admin_client.get(form_url).status_code == 200
    assert admin_client.post(form_url, {"name": "回退"}).status_code == 403


# --- editing a draft ------------------------------------------------------------------------


def test_editing_a_draft_in_the_admin_saves_it_through_the_service(admin_client, catalog_admin):
    version = published_item(catalog_admin)
    draft = services.start_draft(item=version.item, actor=catalog_admin)
    response = admin_client.get(change_url(draft))
    assert "内容完整,可以发布" in response.content.decode()
    data = form_data(response)
    data["committed_limit_days"] = 3
    data["materials-TOTAL_FORMS"] = int(data["materials-TOTAL_FORMS"]) + 1
    n = int(data["materials-TOTAL_FORMS"]) - 1
    data.update(
        {
            f"materials-{n}-position": 9,
            f"materials-{n}-name": "健康证明",
            f"materials-{n}-original_count": 1,
            f"materials-{n}-copy_count": 0,
            f"materials-{n}-required": "on",
            f"materials-{n}-version": draft.pk,
        }
    )
    response = admin_client.post(change_url(draft), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.committed_limit_days == 3
    assert draft.status == Status.DRAFT
    assert draft.materials.last().name == "健康证明"
    assert draft.materials.last().history.first().history_user == catalog_admin
    assert [e.action for e in events_for(draft)][-2:] == ["edit_draft", "edit_draft_materials"]
    version.refresh_from_db()
    assert version.committed_limit_days == 5


def test_a_draft_with_committed_over_statutory_limit_shows_a_form_error(
    admin_client, catalog_admin
):
    draft = draft_item(catalog_admin)
    data = form_data(admin_client.get(change_url(draft)))
    data["committed_limit_days"] = 99
    response = admin_client.post(change_url(draft), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.committed_limit_days == 5


def test_a_draft_published_while_its_form_was_open_is_not_overwritten(admin_client, catalog_admin):
    draft = draft_item(catalog_admin)
    data = form_data(admin_client.get(change_url(draft)))
    services.publish(version=draft, actor=catalog_admin)
    data["name"] = "迟到的修改"
    response = admin_client.post(change_url(draft), data)
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.name == "食品经营许可"


def test_deleting_a_draft_discards_it(admin_client, catalog_admin):
    version = published_item(catalog_admin)
    draft = services.start_draft(item=version.item, actor=catalog_admin)
    url = reverse("admin:catalog_itemversion_delete", args=[draft.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert list(version.item.versions.all()) == [version]


def test_adding_an_item_in_the_admin_creates_its_first_draft(admin_client):
    response = admin_client.post(
        "/admin/catalog/item/add/",
        {
            "code": "ZZ-001",
            "name": "养犬登记",
            "category": "社会事业",
            "legal_basis": "《某某条例》",
            "statutory_limit_days": 10,
            "committed_limit_days": 5,
        },
    )
    item = Item.objects.get(code="ZZ-001")
    draft = item.versions.get()
    assert response.status_code == 302
    assert response["Location"] == change_url(draft)
    assert draft.status == Status.DRAFT
    assert events_for(item).first().action == "create_item"


@pytest.mark.parametrize("code", ["ZZ-001", "有 空格"])
def test_adding_an_item_with_a_taken_or_bad_code_shows_a_form_error(
    admin_client, catalog_admin, code
):
    draft_item(catalog_admin, "ZZ-001")
    response = admin_client.post(
        "/admin/catalog/item/add/",
        {
            "code": code,
            "name": "养犬登记",
            "category": "社会事业",
            "legal_basis": "《某某条例》",
            "statutory_limit_days": 10,
            "committed_limit_days": 5,
        },
    )
    assert response.status_code == 200
    assert "code" in response.context["adminform"].form.errors


# --- actions --------------------------------------------------------------------------------


def _action(client, model, action, pks, **extra):
    return client.post(
        f"/admin/catalog/{model}/",
        {"action": action, "_selected_action": [str(pk) for pk in pks], "index": 0, **extra},
        follow=True,
    )


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_publish_action_publishes_the_selected_drafts(admin_client, catalog_admin):
    first = draft_item(catalog_admin, "SC-900")
    second = draft_item(catalog_admin, "SC-901")
    response = _action(admin_client, "itemversion", "publish_action", [first.pk, second.pk])
    assert "已发布 SC-900 食品经营许可 第 1 版。" in _messages(response)
    assert selectors.published_versions().count() == 2


def test_publish_action_explains_why_an_incomplete_draft_stays_a_draft(admin_client, catalog_admin):
    draft = draft_item(catalog_admin, "SC-900", materials=[], supervising_departments=[])
    response = _action(admin_client, "itemversion", "publish_action", [draft.pk])
    (message,) = _messages(response)
    assert message.startswith("SC-900:草稿内容不完整,不能发布")
    assert "至少需要一项申请材料" in message
    assert "已划转事项必须指定至少一个监管部门" in message
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publish_action_on_a_published_version_reports_the_conflict(admin_client, catalog_admin):
    version = published_item(catalog_admin)
    response = _action(admin_client, "itemversion", "publish_action", [version.pk])
    assert "只有草稿可以发布" in _messages(response)[0]


def test_start_draft_action_opens_the_new_draft(admin_client, catalog_admin):
    version = published_item(catalog_admin)
    response = admin_client.post(
        "/admin/catalog/item/",
        {"action": "start_draft_action", "_selected_action": [version.item_id], "index": 0},
    )
    draft = version.item.versions.get(status=Status.DRAFT)
    assert response.status_code == 302
    assert response["Location"] == change_url(draft)


def test_start_draft_action_when_a_draft_exists_reports_it(admin_client, catalog_admin):
    version = published_item(catalog_admin)
    services.start_draft(item=version.item, actor=catalog_admin)
    response = _action(admin_client, "item", "start_draft_action", [version.item_id])
    assert "已有未发布的草稿" in _messages(response)[0]


def test_start_draft_action_from_the_version_list(admin_client, catalog_admin):
    version = published_item(catalog_admin)
    _action(admin_client, "itemversion", "start_draft_action", [version.pk])
    assert version.item.versions.filter(status=Status.DRAFT).exists()


def test_withdraw_action_asks_for_a_reason_then_withdraws(admin_client, catalog_admin):
    version = published_item(catalog_admin)
    response = _action(admin_client, "item", "withdraw_action", [version.item_id])
    assert "停用原因" in response.content.decode()
    assert selectors.published_versions().exists()
    response = admin_client.post(
        "/admin/catalog/item/",
        {
            "action": "withdraw_action",
            "_selected_action": [version.item_id],
            "apply": "1",
            "reason": "法规废止",
        },
        follow=True,
    )
    assert "已停用 1 个事项。" in _messages(response)
    version.refresh_from_db()
    assert version.status == Status.WITHDRAWN
    assert version.withdrawal_reason == "法规废止"


def test_withdraw_action_without_a_reason_withdraws_nothing(admin_client, catalog_admin):
    version = published_item(catalog_admin)
    response = admin_client.post(
        "/admin/catalog/item/",
        {"action": "withdraw_action", "_selected_action": [version.item_id], "apply": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert selectors.published_versions().exists()


def test_withdraw_action_from_the_version_list(admin_client, catalog_admin):
    version = published_item(catalog_admin)
    admin_client.post(
        "/admin/catalog/itemversion/",
        {
            "action": "withdraw_action",
            "_selected_action": [version.pk],
            "apply": "1",
            "reason": "合并到其他事项",
        },
    )
    version.refresh_from_db()
    assert version.status == Status.WITHDRAWN


def test_an_item_page_lists_its_versions_and_cannot_be_edited(admin_client, catalog_admin):
    version = published_item(catalog_admin)
    url = reverse("admin:catalog_item_change", args=[version.item_id])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert change_url(version) in response.content.decode()
    assert admin_client.post(url, {"code": "CHANGED"}).status_code == 403
