"""Ids before the database: a 20-digit, negative, non-ASCII-digit or junk id in a catalog or
calendar URL, query or form answers 404, 400 or the admin's own page, never a 500."""

import pytest

from tests.catalog.factories import published_item

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
JUNK_IDS = [HUGE, "-1", "²", "1e3"]

ADMIN_URLS = [
    "/admin/catalog/item/{id}/change/",
    "/admin/catalog/item/{id}/history/",
    "/admin/catalog/itemversion/{id}/change/",
    "/admin/catalog/itemversion/{id}/delete/",
    "/admin/catalog/itemversion/{id}/history/",
    "/admin/catalog/itemversion/1/history/{id}/",
    "/admin/catalog/department/{id}/change/",
    "/admin/catalog/department/{id}/history/",
    "/admin/workdays/calendaryear/{id}/change/",
    "/admin/workdays/calendaryear/{id}/history/",
    "/admin/workdays/calendaryear/1/history/{id}/",
    "/admin/workdays/calendarday/{id}/change/",
    "/admin/workdays/calendarday/{id}/delete/",
    "/admin/workdays/calendarday/1/history/{id}/",
    "/admin/catalog/itemversion/?supervising_departments__id__exact={id}",
    "/admin/catalog/itemversion/?item__id__exact={id}",
    "/admin/catalog/itemversion/?p={id}",
    "/admin/catalog/item/?p={id}",
    "/admin/workdays/calendarday/?year={id}",
    "/admin/workdays/calendarday/?year__exact={id}",
    "/admin/workdays/calendaryear/?q={id}",
    "/admin/workdays/calendarday/?q={id}",
    "/admin/workdays/calendaryear/enter/?year={id}",
    "/admin/catalog/itemversion/?q={id}",
    "/admin/catalog/item/?q={id}",
]
PUBLIC_URLS = [
    "/catalog/{id}/",
    "/catalog/{id}/notice/",
    "/catalog/?page={id}",
    "/catalog/?department={id}",
    "/catalog/?category={id}",
]


@pytest.mark.parametrize("value", JUNK_IDS)
@pytest.mark.parametrize("url", ADMIN_URLS)
def test_an_admin_url_with_a_junk_id_is_never_a_500(client, catalog_admin, url, value):
    published_item(catalog_admin, "SC-001")
    client.force_login(catalog_admin)
    response = client.get(url.format(id=value))
    assert response.status_code < 500, response.status_code


@pytest.mark.parametrize("value", JUNK_IDS)
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_public_catalog_url_with_a_junk_id_is_never_a_500(client, catalog_admin, url, value):
    published_item(catalog_admin, "SC-001")
    response = client.get(url.format(id=value))
    assert response.status_code in (200, 404), response.status_code


ACTIONS = [
    ("/admin/catalog/item/", "start_draft_action"),
    ("/admin/catalog/itemversion/", "publish_action"),
    ("/admin/catalog/itemversion/", "withdraw_action"),
    ("/admin/workdays/calendarday/", "delete_selected"),
]


@pytest.mark.parametrize("value", JUNK_IDS)
@pytest.mark.parametrize(("url", "action"), ACTIONS)
def test_an_admin_action_on_a_junk_id_is_never_a_500(client, catalog_admin, url, action, value):
    published_item(catalog_admin, "SC-001")
    client.force_login(catalog_admin)
    response = client.post(url, {"action": action, "_selected_action": [value]})
    assert response.status_code < 500, response.status_code


@pytest.mark.parametrize("value", JUNK_IDS)
@pytest.mark.parametrize("field", ["user", "department"])
@pytest.mark.parametrize("action", ["assign", "remove"])
def test_the_liaison_page_with_a_junk_id_is_never_a_500(
    client, catalog_admin, department, field, action, value
):
    client.force_login(catalog_admin)
    data = {"user": str(catalog_admin.pk), "department": str(department.pk), "action": action}
    data[field] = value
    response = client.post("/admin/catalog/department/liaisons/", data)
    assert response.status_code < 500, response.status_code
