"""Pieces kept once: the push snapshot field list (writer, re-route, API, admin), the upload check
of report attachments (in the service, for pages and API alike) and the attachment's type."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import InvalidInput
from supervision import services
from supervision.admin import PushAdmin
from supervision.models import Push, SupervisionReport
from supervision.serializers import PushSerializer
from supervision.services.pushes import _snapshot

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_the_snapshot_writer_fills_exactly_the_snapshot_fields(decided):
    decision = decided()
    assert tuple(_snapshot(decision)) == Push.SNAPSHOT_FIELDS
    push = Push.objects.filter(decision=decision).first()
    data = PushSerializer(push).data
    assert all(data[f] not in (None, "") for f in ("item_name", "holder_id_number", "content"))
    assert set(Push.SNAPSHOT_FIELDS) <= set(data)
    # The personal ones are there masked (masked_id_number, masked_phone, masked_address).
    admin_fields = set(PushAdmin.fields) | {"holder_id_number", "holder_phone", "holder_address"}
    assert {"masked_id_number", "masked_phone", "masked_address"} <= set(PushAdmin.fields)
    assert set(Push.SNAPSHOT_FIELDS) <= admin_fields
    assert "holder_id_number" not in PushAdmin.fields  # masked there


def test_a_reroute_copies_every_snapshot_field(decided, liaison, approver):
    from tests.factories import DepartmentFactory

    push = Push.objects.get(decision=decided(), department__code="market")
    Push.objects.filter(pk=push.pk).update(holder_address="改派前的地址", content="原内容")
    services.return_push(push_id=push.pk, user=liaison, reason="非本部门")
    new = services.reroute_push(
        push_id=push.pk, actor=approver, department=DepartmentFactory(code="culture")
    )
    push.refresh_from_db()
    new.refresh_from_db()
    assert {f: getattr(new, f) for f in Push.SNAPSHOT_FIELDS} == {
        f: getattr(push, f) for f in Push.SNAPSHOT_FIELDS
    }


def _report(liaison, decision, attachment):
    return services.create_report(
        user=liaison,
        permit_number=decision.permit.number,
        kind="penalty",
        decision_number="罚1",
        decision_date=datetime.date(2026, 6, 1),
        summary="x",
        attachment=attachment,
    )


def test_the_report_service_type_checks_the_attachment(decided, liaison):
    decision = decided()
    with pytest.raises(InvalidInput) as err:
        _report(liaison, decision, SimpleUploadedFile("x.pdf", b"MZ not a pdf", "application/pdf"))
    assert err.value.code == "file_type" and "attachment" in err.value.fields
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "application/pdf")
    with pytest.raises(InvalidInput) as err:
        _report(liaison, decision, big)
    assert err.value.code == "file_too_large"
    assert not SupervisionReport.objects.exists()


def test_the_attachment_download_names_its_type_from_its_bytes(decided, liaison, client):
    report = _report(liaison, decided(), SimpleUploadedFile("scan.pdf", PNG, "application/pdf"))
    client.force_login(liaison)
    response = client.get(f"/supervision/reports/{report.pk}/attachment/")
    assert response["Content-Type"] == "image/png"
    assert f"report-{report.pk}.png" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PNG
