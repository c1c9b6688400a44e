"""Helpers of the page tests: log in, URLs, messages, a valid intake form."""

from django.urls import reverse

VALID_ID = "11010519491231002X"
PDF_BYTES = b"%PDF-1.4\n% test\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def logged_in(client, user):
    client.force_login(user)
    return client


def detail_url(app):
    return reverse("approvals:detail", args=[app.pk])


def action_url(app, name):
    return reverse(f"approvals:{name}", args=[app.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def intake_data(version, **extra):
    data = {
        "item": version.item.code,
        "op": "submit",
        "kind": "person",
        "id_number": VALID_ID,
        "name": "张小三",
        "phone": "13800000000",
        "address": "示例县人民路 1 号",
        "content": "申请开办超市",
    }
    data.update(extra)
    return data
