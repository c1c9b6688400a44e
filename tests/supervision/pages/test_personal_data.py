"""A stored webhook body holds the push as its GET endpoint returns it, personal data included.
The admin shows it masked (ID number, phone, address); the full body only to those who may see
the holder's full ID number, each look one audit event; the deliveries API never carries it."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from audit.models import AuditEvent
from core.roles import Role
from supervision.models import WebhookDelivery, WebhookEndpoint
from supervision.webhooks import build_body
from tests.api.conftest import client_for
from tests.flows import PERSON_ID

PHONE = "13800000000"
ADDRESS = "示例县人民路 1 号"
MASKED_ID = "440305********1236"
DELIVERY_PERMS = ["view_webhookdelivery", "view_webhookattempt", "view_webhookendpoint"]


def _with_delivery_perms(user):
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="supervision", codename__in=DELIVERY_PERMS
        )
    )
    return user


@pytest.fixture
def delivery(push):
    endpoint = WebhookEndpoint.objects.create(
        department=push.department, url="https://market.example.test/", secret="s" * 32
    )
    row = WebhookDelivery.objects.create(
        endpoint=endpoint,
        department=push.department,
        event="push.created",
        push=push,
        created_at=timezone.now(),
    )
    row.body = build_body(row)  # as the first attempt fixes it
    row.save(update_fields=["body"])
    assert PERSON_ID in row.body and PHONE in row.body and ADDRESS in row.body
    return row


@pytest.fixture
def webhook_admin(catalog_admin):
    return _with_delivery_perms(catalog_admin)


@pytest.fixture
def staff_inspector(make_user):
    return _with_delivery_perms(make_user("inspector_staff", Role.INSPECTOR, is_staff=True))


def _change(delivery):
    return f"/admin/supervision/webhookdelivery/{delivery.pk}/change/"


def _full(delivery):
    return f"/admin/supervision/webhookdelivery/{delivery.pk}/body/"


def _reveals():
    return AuditEvent.objects.filter(action="view_id_number")


def _assert_nothing_personal(text: str) -> None:
    assert PERSON_ID not in text and PHONE not in text and ADDRESS not in text


def test_a_catalog_admin_reads_the_stored_body_masked(client, webhook_admin, delivery):
    client.force_login(webhook_admin)
    page = client.get(_change(delivery))
    html = page.content.decode()
    assert page.status_code == 200
    assert MASKED_ID in html and "138****0000" in html and "示例县人民路******" in html
    _assert_nothing_personal(html)
    assert "查看完整报文" not in html or _full(delivery) in html
    assert not _reveals().exists()


def test_a_catalog_admin_may_not_open_the_full_body(client, webhook_admin, delivery):
    client.force_login(webhook_admin)
    assert client.get(_full(delivery)).status_code == 403
    response = client.post(_full(delivery))
    assert response.status_code == 403
    _assert_nothing_personal(response.content.decode())
    assert not _reveals().exists()


def test_a_superuser_without_a_reading_role_may_not_either(client, make_user, delivery):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    _assert_nothing_personal(client.get(_change(delivery)).content.decode())
    assert client.post(_full(delivery)).status_code == 403
    assert not _reveals().exists()


def test_an_inspector_reveals_the_full_body_once_audited(client, staff_inspector, delivery):
    client.force_login(staff_inspector)
    confirm = client.get(_full(delivery))  # a GET says what the look means and writes nothing
    assert confirm.status_code == 200 and not _reveals().exists()
    _assert_nothing_personal(confirm.content.decode())
    response = client.post(_full(delivery))
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert PERSON_ID in html and PHONE in html and ADDRESS in html
    (event,) = _reveals()
    assert event.actor == staff_inspector and event.object_id == str(delivery.push_id)
    assert event.data["channel"] == "admin" and event.data["delivery"] == str(delivery.pk)


def test_an_unknown_or_junk_delivery_id_is_404(client, staff_inspector, delivery):
    client.force_login(staff_inspector)
    for junk in ("00000000-0000-0000-0000-000000000000", "9" * 20, "x"):
        assert client.post(f"/admin/supervision/webhookdelivery/{junk}/body/").status_code == 404
    assert not _reveals().exists()


def test_the_push_admin_masks_phone_and_address(client, make_user, push):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    html = client.get(f"/admin/supervision/push/{push.pk}/change/").content.decode()
    assert "138****0000" in html and "示例县人民路******" in html
    _assert_nothing_personal(html)


def test_the_deliveries_api_carries_no_personal_data(liaison, inspector, catalog_admin, delivery):
    for user in (liaison, inspector):
        response = client_for(user).get("/api/v1/webhook-deliveries/")
        assert response.status_code == 200 and response.json()["count"] == 1
        _assert_nothing_personal(response.content.decode())
        detail = client_for(user).get(f"/api/v1/webhook-deliveries/{delivery.pk}/")
        assert detail.status_code == 200
        _assert_nothing_personal(detail.content.decode())
    assert client_for(catalog_admin).get("/api/v1/webhook-deliveries/").status_code == 403
    assert not _reveals().exists()
