"""Supervision report pages: the form, the list, claim, follow-up, the attachment, isolation."""

import pytest
from django.urls import reverse

from supervision.models import SupervisionReport
from tests.flows import approve_permit
from tests.supervision.pages.helpers import at, messages_of

# --- supervision reports --------------------------------------------------------------------------

PDF = b"%PDF-1.4\n%%EOF\n"


def form_key(client) -> str:
    """The report form's one-time key, as the page hands it out (supervision.formkeys)."""
    return client.get(reverse("supervision:report_new")).context["form"]["once"].value()


def _report_form(client, permit_number, **overrides):
    data = {
        "once": form_key(client),
        "permit_number": permit_number,
        "kind": "penalty",
        "decision_number": "示市监罚〔2026〕8号",
        "decision_date": "2026-06-08",
        "summary": "超范围经营,罚款 5000 元。",
    }
    data.update(overrides)
    return data


@pytest.fixture
def report(as_liaison, decision):
    with at(2026, 6, 10, 10):
        response = as_liaison.post(
            reverse("supervision:report_new"), _report_form(as_liaison, decision.permit.number)
        )
    assert response.status_code == 302, response.content.decode()
    return SupervisionReport.objects.get()


def test_liaison_pushes_a_report_through_the_form(as_liaison, decision):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with at(2026, 6, 10, 10):
        assert as_liaison.get(reverse("supervision:report_new")).status_code == 200
        response = as_liaison.post(
            reverse("supervision:report_new"),
            {
                **_report_form(as_liaison, decision.permit.number),
                "attachment": SimpleUploadedFile("罚单.pdf", PDF, "application/pdf"),
            },
        )
    report = SupervisionReport.objects.get()
    assert response["Location"] == reverse("supervision:report_detail", args=[report.pk])
    assert "监管信息已推送,审批局将在 3 个工作日内认领。" in messages_of(response)
    download = as_liaison.get(reverse("supervision:report_attachment", args=[report.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"


def test_report_on_a_permit_outside_the_department_is_a_form_error(
    client, liaison_other, clerk, reviewer, approver, department
):
    only_market = approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=[department]
    )
    client.force_login(liaison_other)
    with at(2026, 6, 10, 10):
        response = client.post(
            reverse("supervision:report_new"), _report_form(client, only_market.permit.number)
        )
    assert response.status_code == 400
    assert "未找到该证件,或该证件不属于本部门监管的事项。" in response.content.decode()
    assert not SupervisionReport.objects.exists()


def test_report_with_a_bad_attachment_is_a_form_error(as_liaison, decision):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with at(2026, 6, 10, 10):
        response = as_liaison.post(
            reverse("supervision:report_new"),
            {
                **_report_form(as_liaison, decision.permit.number),
                "attachment": SimpleUploadedFile("x.pdf", b"hello", "application/pdf"),
            },
        )
    assert response.status_code == 400
    assert "只能上传 PDF、JPEG 或 PNG 文件。" in response.content.decode()


def test_report_dated_in_the_future_is_a_form_error(as_liaison, decision):
    with at(2026, 6, 10, 10):
        response = as_liaison.post(
            reverse("supervision:report_new"),
            _report_form(as_liaison, decision.permit.number, decision_date="2026-06-11"),
        )
    assert "处罚决定日期不能晚于今天。" in response.content.decode()


def test_clerk_claims_a_report_from_the_list(client, clerk, report):
    client.force_login(clerk)
    html = client.get(reverse("supervision:reports")).content.decode()
    assert report.decision_number in html
    with at(2026, 6, 11, 10):
        response = client.post(reverse("supervision:report_claim", args=[report.pk]))
        assert "已认领该监管信息。" in messages_of(response)
        response = client.post(reverse("supervision:report_claim", args=[report.pk]), follow=True)
    assert "该监管信息已被认领。" in response.content.decode()


def test_approver_follows_up_a_claimed_report(client, approver, report):
    client.force_login(approver)
    with at(2026, 6, 11, 10):
        client.post(reverse("supervision:report_claim", args=[report.pk]))
        page = client.get(reverse("supervision:report_detail", args=[report.pk]))
        assert 'data-testid="follow-up-form"' in page.content.decode()
        response = client.post(
            reverse("supervision:report_follow_up", args=[report.pk]),
            {"kind": "revoke", "reason": "以欺骗手段取得许可"},
        )
    report.refresh_from_db()
    assert report.status == SupervisionReport.Status.CLOSED
    assert any(m.startswith("已启动后续程序") for m in messages_of(response))


def test_follow_up_without_reason_shows_the_error(client, approver, report):
    client.force_login(approver)
    client.post(reverse("supervision:report_claim", args=[report.pk]))
    response = client.post(
        reverse("supervision:report_follow_up", args=[report.pk]), {"kind": "revoke"}
    )
    assert response.status_code == 400 and "请说明理由。" in response.content.decode()


def test_other_department_cannot_see_the_report(client, liaison_other, report):
    client.force_login(liaison_other)
    assert client.get(reverse("supervision:report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("supervision:report_attachment", args=[report.pk])).status_code == 404
    assert report.decision_number not in client.get(reverse("supervision:reports")).content.decode()


def test_liaison_cannot_claim_a_report(as_liaison, report):
    assert as_liaison.post(reverse("supervision:report_claim", args=[report.pk])).status_code == 403
