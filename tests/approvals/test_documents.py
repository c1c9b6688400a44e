"""Printable notices and decisions: the right fields in HTML, and a real PDF with a CJK font."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from approvals import services, verification
from core.roles import Role

pytestmark = pytest.mark.usefixtures("at_monday", "seal")


def _doc(app, kind, pdf=False):
    name = "approvals:document_pdf" if pdf else "approvals:document"
    return reverse(name, args=[app.pk, kind])


@pytest.fixture
def c(client, clerk):
    client.force_login(clerk)
    return client


@pytest.fixture
def decided(reviewed, approver):
    def _decide(approve=True, reason=""):
        app = reviewed()
        services.decide(application_id=app.pk, approver=approver, approve=approve, reason=reason)
        app.refresh_from_db()
        return app

    return _decide


def test_receipt_shows_number_applicant_item_dates_and_waived_materials(
    c, submitted, clerk, materials
):
    app = submitted(provided=materials[:1])
    services.accept(application_id=app.pk, clerk=clerk, waived=[materials[1]])
    response = c.get(_doc(app, "receipt"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "受理通知书" in body and "SL2026000001" in body and "张小三" in body
    assert app.item_version.name in body
    assert "2026年6月1日" in body  # accepted
    assert "2026年6月8日" in body  # due: 5 working days later
    assert "容缺受理，待补交" in body and "身份证明" in body
    assert "容缺材料补齐前，本机关不予出件" in body
    assert "110105********002X" in body and "11010519491231002X" not in body


def test_receipt_before_acceptance_is_404(c, submitted):
    assert c.get(_doc(submitted(), "receipt")).status_code == 404


def test_correction_notice_lists_every_missing_material(c, submitted, clerk, materials):
    app = submitted(provided=[])
    services.request_correction(
        application_id=app.pk, clerk=clerk, missing=[materials[0]], note="请携带原件"
    )
    body = c.get(_doc(app, "correction")).content.decode()
    assert "补正材料通知书" in body and "一次性告知" in body
    for name in ("申请书", "身份证明", "其他材料"):
        assert name in body
    assert "请携带原件" in body


def test_correction_notice_keeps_its_list_after_materials_are_recorded(
    c, submitted, clerk, materials
):
    app = submitted(provided=[])
    services.request_correction(application_id=app.pk, clerk=clerk, missing=materials)
    services.record_materials(application_id=app.pk, clerk=clerk, provided=materials)
    body = c.get(_doc(app, "correction")).content.decode()
    assert "申请书" in body and "身份证明" in body


def test_refusal_letter_states_the_reason(c, submitted, clerk):
    app = submitted()
    services.refuse(application_id=app.pk, clerk=clerk, reason="申请事项不属于本机关职权范围")
    body = c.get(_doc(app, "refusal")).content.decode()
    assert "不予受理决定书" in body and "申请事项不属于本机关职权范围" in body
    assert "行政复议" in body


def test_refusal_letter_of_an_accepted_application_is_404(c, accepted):
    assert c.get(_doc(accepted(), "refusal")).status_code == 404


def test_approval_decision_has_number_seal_permit_validity_and_qr(c, decided):
    app = decided()
    permit = app.permits.get()
    body = c.get(_doc(app, "decision")).content.decode()
    assert "准予行政许可决定书" in body and "示审批〔2026〕1号" in body
    assert 'class="seal"' in body and "<circle" in body and "<polygon" in body  # drawn seal
    assert "行政审批专用章" in body and "SEAL-1" in body
    assert permit.number in body and "2026年6月1日" in body and "2031年5月31日" in body
    assert 'class="qr"' in body
    assert verification.verify_url(permit.number) in body


def test_denial_decision_states_the_reason_and_has_no_qr(c, decided):
    app = decided(approve=False, reason="经现场核查不符合条件")
    body = c.get(_doc(app, "decision")).content.decode()
    assert "不予行政许可决定书" in body and "经现场核查不符合条件" in body
    assert 'class="qr"' not in body and 'class="seal"' in body


def test_decision_letter_before_the_decision_is_404(c, reviewed):
    assert c.get(_doc(reviewed(), "decision")).status_code == 404


def test_an_unknown_document_kind_is_404(c, accepted):
    assert c.get(_doc(accepted(), "whatever")).status_code == 404


def test_documents_are_refused_to_a_liaison(client, make_user, accepted, department):
    liaison = make_user("liaison_x", Role.LIAISON, department=department)
    client.force_login(liaison)
    assert client.get(_doc(accepted(), "receipt")).status_code == 403


def test_an_inspector_may_read_documents(client, inspector, accepted):
    client.force_login(inspector)
    assert client.get(_doc(accepted(), "receipt")).status_code == 200


def test_the_html_page_links_to_its_pdf(c, accepted):
    app = accepted()
    assert _doc(app, "receipt", pdf=True) in c.get(_doc(app, "receipt")).content.decode()


def test_format_pdf_query_gives_the_pdf_too(c, accepted):
    response = c.get(_doc(accepted(), "receipt") + "?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler-utils")
def test_decision_pdf_is_a_pdf_with_the_cjk_font_embedded(c, decided, tmp_path):
    app = decided()
    response = c.get(_doc(app, "decision", pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="decision-SL2026000001.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    path = tmp_path / "decision.pdf"
    path.write_bytes(response.content)
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line or "Noto" in line]
    assert cjk, fonts
    assert all(" yes " in line for line in cjk), fonts  # embedded (subset)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "准予行政许可决定书" in text and "示审批〔2026〕1号" in text.replace(" ", "")
