"""The supervision admin: webhook endpoints, read-only deliveries, pushes and reports."""

import pytest

from audit.models import AuditEvent
from tests.flows import PERSON_ID

# --- admin ----------------------------------------------------------------------------------------

CATALOG_ADMIN_SUPERVISION_PERMS = [
    "add_webhookendpoint",
    "change_webhookendpoint",
    "view_webhookendpoint",
    "view_webhookdelivery",
    "view_webhookattempt",
]


@pytest.fixture
def webhook_admin(catalog_admin):
    from django.contrib.auth.models import Permission

    catalog_admin.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="supervision", codename__in=CATALOG_ADMIN_SUPERVISION_PERMS
        )
    )
    return catalog_admin


def test_catalog_admin_registers_a_webhook_endpoint_with_a_generated_secret(
    client, webhook_admin, department
):
    from supervision.models import WebhookEndpoint

    client.force_login(webhook_admin)
    page = client.get("/admin/supervision/webhookendpoint/add/")
    assert page.status_code == 200
    secret = page.context["adminform"].form.initial["secret"]
    assert len(secret) >= 32
    response = client.post(
        "/admin/supervision/webhookendpoint/add/",
        {
            "department": department.pk,
            "url": "https://market.example.test/oneseal",
            "secret": secret,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret == secret
    # Editing without retyping the secret keeps it; the page never shows it again.
    change = client.get(f"/admin/supervision/webhookendpoint/{endpoint.pk}/change/")
    assert secret not in change.content.decode()
    client.post(
        f"/admin/supervision/webhookendpoint/{endpoint.pk}/change/",
        {"department": department.pk, "url": "https://market.example.test/v2", "secret": ""},
    )
    endpoint.refresh_from_db()
    assert endpoint.secret == secret and endpoint.url.endswith("/v2") and not endpoint.active


def test_delivery_admin_is_read_only_with_the_attempt_log(client, webhook_admin, push):
    from django.utils import timezone

    from supervision.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

    endpoint = WebhookEndpoint.objects.create(
        department=push.department, url="https://x.example.test/", secret="s" * 32
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        department=push.department,
        event="push.created",
        push=push,
        created_at=timezone.now(),
    )
    WebhookAttempt.objects.create(delivery=delivery, at=timezone.now(), status_code=503)
    client.force_login(webhook_admin)
    listing = client.get("/admin/supervision/webhookdelivery/?status__exact=pending")
    assert listing.status_code == 200 and "push.created" in listing.content.decode()
    page = client.get(f"/admin/supervision/webhookdelivery/{delivery.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200 and "503" in html
    assert 'name="_save"' not in html


def test_push_admin_masks_the_id_number_and_is_read_only(client, push, make_user):
    superuser = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    html = client.get(f"/admin/supervision/push/{push.pk}/change/").content.decode()
    assert "440305********1236" in html and PERSON_ID not in html
    assert 'name="_save"' not in html
    assert client.get("/admin/supervision/push/add/").status_code == 403
    for model in ("supervisionreport", "notification", "webhookdelivery"):
        assert client.get(f"/admin/supervision/{model}/").status_code == 200
        assert client.get(f"/admin/supervision/{model}/add/").status_code == 403


def _endpoint_events():
    return AuditEvent.objects.filter(content_type__model="webhookendpoint").order_by("pk")


def _event_text(event) -> str:
    import json

    return " ".join(
        [event.object_repr, event.before, event.after, event.note, json.dumps(event.data)]
    )


def test_webhook_endpoint_edits_are_audited_without_the_secret(client, webhook_admin, department):
    from supervision.models import WebhookEndpoint

    client.force_login(webhook_admin)
    secret = (
        client.get("/admin/supervision/webhookendpoint/add/")
        .context["adminform"]
        .form.initial["secret"]
    )
    response = client.post(
        "/admin/supervision/webhookendpoint/add/",
        {"department": department.pk, "url": "https://m.example.test/a", "secret": secret,
         "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    (created,) = _endpoint_events()
    assert created.action == "create_webhook_endpoint" and created.actor == webhook_admin
    assert created.data["url"] == "https://m.example.test/a"
    assert created.data["secret"] == secret[:4] + "********"

    new_secret = "n3w-secret-" + "x" * 24
    client.post(
        f"/admin/supervision/webhookendpoint/{endpoint.pk}/change/",
        {"department": department.pk, "url": "https://m.example.test/b", "secret": new_secret},
    )
    events = list(_endpoint_events())
    assert len(events) == 2
    changed = events[1]
    assert changed.action == "update_webhook_endpoint"
    assert changed.data["secret_changed"] is True
    assert set(changed.data["changed"]) == {"url", "active", "secret"}
    endpoint.refresh_from_db()
    assert endpoint.secret == new_secret and not endpoint.active

    # No event and no admin page shows either secret in full.
    pages = [
        client.get("/admin/supervision/webhookendpoint/").content.decode(),
        client.get(f"/admin/supervision/webhookendpoint/{endpoint.pk}/change/").content.decode(),
        client.get(f"/admin/supervision/webhookendpoint/{endpoint.pk}/history/").content.decode(),
    ]
    assert new_secret[:4] + "********" in pages[0]  # the list shows it masked
    for text in [_event_text(e) for e in events] + pages:
        assert secret not in text and new_secret not in text
