"""The frozen archive (电子档案): each notice and decision letter gets its own number from its own
series, a seal use, and one stored copy that every later print serves byte for byte."""

import hashlib
from unittest import mock

import pytest
from django.db import transaction
from django.urls import reverse

from approvals import archive, documents, services
from approvals.models import ApplicationMaterial, DocumentCounter, IssuedDocument, SealUse
from approvals.tasks_documents import render_document
from audit.models import AuditEvent

pytestmark = pytest.mark.usefixtures("at_monday", "seal")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def c(client, clerk):
    client.force_login(clerk)
    return client


def _doc_url(app, kind, pdf=False):
    return reverse("approvals:document_pdf" if pdf else "approvals:document", args=[app.pk, kind])


def _archive_url(doc, pdf=False):
    name = "approvals:archived_document_pdf" if pdf else "approvals:archived_document"
    return reverse(name, args=[doc.application_id, doc.pk])


# --- numbers and seal uses ----------------------------------------------------------------------


def test_acceptance_issues_a_numbered_sealed_receipt_notice(accepted, clerk):
    app = accepted()
    doc = IssuedDocument.objects.get(application=app)
    assert doc.kind == "receipt" and doc.title == "受理通知书"
    assert doc.number == "示审受〔2026〕1号"
    assert doc.issued_by == clerk and doc.seal.code == "SEAL-1"
    assert doc.seal_use.used_by == clerk and doc.seal_use.number == doc.number
    assert doc.seal_use.kind == "receipt" and doc.seal_use.decision is None
    assert "示审受〔2026〕1号" in doc.html and 'class="seal"' in doc.html
    assert doc.html_sha256 == hashlib.sha256(doc.html.encode()).hexdigest()


def test_each_series_counts_on_its_own(accepted, submitted, clerk):
    accepted()
    accepted()
    refused = submitted()
    services.refuse(application_id=refused.pk, clerk=clerk, reason="不属于本机关职权范围")
    numbers = list(IssuedDocument.objects.order_by("pk").values_list("number", flat=True))
    assert numbers == ["示审受〔2026〕1号", "示审受〔2026〕2号", "示审不受〔2026〕1号"]


def test_each_correction_request_gets_its_own_notice(submitted, clerk, materials):
    app = submitted(provided=[])
    services.request_correction(application_id=app.pk, clerk=clerk, missing=[materials[0]])
    services.record_materials(application_id=app.pk, clerk=clerk, provided=[materials[0]])
    services.request_correction(application_id=app.pk, clerk=clerk, missing=[materials[1]])
    first, second = IssuedDocument.objects.filter(application=app).order_by("pk")
    assert (first.number, second.number) == ("示审补〔2026〕1号", "示审补〔2026〕2号")
    assert "申请书" in first.html and "申请书" not in second.html.split("doc-missing")[1]


def test_every_decision_letter_is_archived_with_the_decisions_number_and_seal_use(
    reviewed, approver
):
    app = reviewed()
    decision = services.decide(application_id=app.pk, approver=approver, approve=True)
    letter = IssuedDocument.objects.get(decision=decision)
    assert letter.number == decision.number == "示审批〔2026〕1号"
    assert letter.seal_use == SealUse.objects.get(decision=decision)
    assert letter.application == app and letter.title == "准予行政许可决定书"
    # one seal use per document: the receipt's and the letter's
    assert SealUse.objects.count() == IssuedDocument.objects.count() == 2


def test_a_later_decision_gets_its_own_letter_listed_on_the_case_page(reviewed, approver, client):
    app = reviewed()
    decision = services.decide(application_id=app.pk, approver=approver, approve=True)
    revocation = services.act_on_permit(
        permit_number=decision.permit.number,
        approver=approver,
        kind="revoke",
        reason="以欺骗手段取得许可",
    )
    letter = IssuedDocument.objects.get(decision=revocation)
    assert letter.title == "撤销行政许可决定书" and letter.number == "示审批〔2026〕2号"
    assert "以欺骗手段取得许可" in letter.html and "第六十九条" in letter.html
    assert "六十日内依法申请行政复议" in letter.html and 'class="qr"' in letter.html
    client.force_login(approver)
    page = client.get(reverse("approvals:detail", args=[app.pk])).content.decode()
    for doc in IssuedDocument.objects.filter(application=app):
        assert doc.number in page and _archive_url(doc) in page


def test_a_rolled_back_issue_gives_its_number_back(submitted, clerk):
    app = submitted()

    with pytest.raises(RuntimeError), transaction.atomic():
        archive.issue_notice("termination", application=app, actor=clerk)
        raise RuntimeError("the caller fails after issuing")
    assert not IssuedDocument.objects.exists() and not SealUse.objects.exists()
    with transaction.atomic():
        doc = archive.issue_notice("termination", application=app, actor=clerk)
    assert doc.number == "示审终〔2026〕1号"


def test_an_unknown_notice_kind_is_refused(submitted, clerk):
    with pytest.raises(ValueError), transaction.atomic():
        archive.issue_notice("whatever", application=submitted(), actor=clerk)
    assert not DocumentCounter.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_issuing_outside_a_transaction_is_refused(submitted, clerk):
    with pytest.raises(RuntimeError):
        archive.issue_notice("receipt", application=submitted(), actor=clerk)


def test_no_active_seal_means_no_notice(submitted, clerk, seal):
    app = submitted()
    seal.active = False
    seal.save()
    with pytest.raises(Exception, match="审批专用章"):
        services.refuse(application_id=app.pk, clerk=clerk, reason="不属于本机关职权范围")
    app.refresh_from_db()
    assert app.status == "submitted"


@pytest.mark.parametrize(
    ("kind", "title", "prefix"),
    [
        ("withdrawal", "准予撤回行政许可申请通知书", "示审撤"),
        ("termination", "终止行政许可审批通知书", "示审终"),
    ],
)
def test_withdrawal_and_termination_notices(submitted, clerk, kind, title, prefix):
    app = submitted()
    app.closure_reason = "申请人已注销"
    with transaction.atomic():
        doc = archive.issue_notice(kind, application=app, actor=clerk)
    assert doc.title == title and doc.number == f"{prefix}〔2026〕1号"
    assert "申请人已注销" in doc.html and 'class="seal"' in doc.html
    assert "2026年6月1日" in doc.html


def test_a_deemed_withdrawal_by_the_job_is_its_own_title_with_no_clerk(submitted):
    app = submitted()
    app.deemed_withdrawn = True
    with transaction.atomic():
        doc = archive.issue_notice("withdrawal", application=app, actor=None)
    assert doc.title == "视为撤回行政许可申请通知书" and doc.issued_by is None
    assert "视为撤回" in doc.html and doc.seal_use.used_by is None


# --- prefixes on the seal ----------------------------------------------------------------------


def test_prefixes_derive_from_the_decision_prefix_or_are_set(seal, submitted, clerk, admin_user):
    assert seal.prefix_for("refusal") == "示审不受" and seal.prefix_for("decision") == "示审批"
    archive.update_seal_prefixes(actor=admin_user, seal_id=seal.pk, refusal_prefix="示审驳")
    app = submitted()
    services.refuse(application_id=app.pk, clerk=clerk, reason="不属于本机关职权范围")
    assert IssuedDocument.objects.get().number == "示审驳〔2026〕1号"
    event = AuditEvent.objects.filter(action="update_seal").latest("pk")
    assert event.data["after"] == {"refusal_prefix": "示审驳"}


@pytest.mark.parametrize("value", ["示审受", "示审批", "示\x00审", "示〔审"])
def test_a_prefix_that_collides_or_holds_odd_characters_is_refused(seal, admin_user, value):
    from core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        archive.update_seal_prefixes(actor=admin_user, seal_id=seal.pk, refusal_prefix=value)
    seal.refresh_from_db()
    assert seal.refusal_prefix == ""


def test_a_decision_prefix_that_collides_with_a_notice_prefix_is_refused(seal, admin_user):
    """The same rule on the other edit: update_seal may not give decisions the prefix a
    notice kind prints (both edits save through archive.save_seal_changes)."""
    from core.errors import InvalidInput

    archive.update_seal_prefixes(actor=admin_user, seal_id=seal.pk, refusal_prefix="示审驳")
    with pytest.raises(InvalidInput) as refused:
        services.update_seal(actor=admin_user, seal_id=seal.pk, document_prefix="示审驳")
    assert refused.value.code == "duplicate_prefix"
    seal.refresh_from_db()
    assert seal.document_prefix == "示审批"


def test_the_admin_edits_a_prefix_through_the_service(admin_client, seal):
    url = reverse("admin:approvals_seal_change", args=[seal.pk])
    form = {
        "name": seal.name,
        "document_prefix": seal.document_prefix,
        "bureau_name": seal.bureau_name,
        "receipt_prefix": "示审收",
        "correction_prefix": "",
        "refusal_prefix": "",
        "withdrawal_prefix": "",
        "termination_prefix": "",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    seal.refresh_from_db()
    assert seal.receipt_prefix == "示审收"
    assert AuditEvent.objects.filter(action="update_seal").exists()


# --- the stored copy ----------------------------------------------------------------------------


def test_a_reprint_is_byte_identical_html_and_pdf(c, accepted):
    app = accepted()
    first_html = c.get(_doc_url(app, "receipt")).content
    first_pdf = c.get(_doc_url(app, "receipt", pdf=True)).content
    doc = IssuedDocument.objects.get(application=app)
    with mock.patch.object(documents, "pdf_from_html", side_effect=AssertionError("rendered")):
        assert c.get(_doc_url(app, "receipt")).content == first_html
        assert c.get(_doc_url(app, "receipt", pdf=True)).content == first_pdf
        assert c.get(_archive_url(doc, pdf=True)).content == first_pdf
    doc.refresh_from_db()
    assert first_pdf.startswith(b"%PDF-")
    assert doc.pdf_sha256 == hashlib.sha256(first_pdf).hexdigest()


def test_the_receipt_does_not_change_after_the_waived_material_arrives(
    c, submitted, clerk, materials
):
    app = submitted(provided=materials[:1])
    services.accept(application_id=app.pk, clerk=clerk, waived=[materials[1]])
    before = c.get(_doc_url(app, "receipt")).content.decode()
    assert "容缺受理，待补交" in before
    services.supply_waived(application_id=app.pk, clerk=clerk, material_ids=[materials[1]])
    line = app.materials.get(material_id=materials[1])
    assert line.state == ApplicationMaterial.State.WAIVED and line.supplied_at is not None
    assert c.get(_doc_url(app, "receipt")).content.decode() == before


def test_the_render_task_run_twice_renders_once(accepted):
    doc = IssuedDocument.objects.get(application=accepted())
    real = documents.pdf_from_html
    with mock.patch.object(documents, "pdf_from_html", side_effect=real) as render:
        assert render_document.run(doc.pk) is True
        assert render_document.run(doc.pk) is False
    assert render.call_count == 1
    doc.refresh_from_db()
    assert doc.pdf_sha256 and doc.pdf.name.endswith(".pdf")


def test_the_task_for_a_rolled_back_document_does_nothing(db):
    assert render_document.run(987654) is False


def test_the_pdf_is_queued_after_commit(accepted, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(render_document, "apply_async") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        app = accepted()
    doc = IssuedDocument.objects.get(application=app)
    queued.assert_called_once()
    assert queued.call_args.kwargs["args"] == [doc.pk]


def test_a_broker_that_is_down_leaves_the_pdf_to_the_first_print(
    c, accepted, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(render_document, "apply_async", side_effect=OSError("down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        app = accepted()
    assert c.get(_doc_url(app, "receipt", pdf=True)).content.startswith(b"%PDF-")


def test_an_approval_letter_is_frozen_after_commit_with_its_permit(
    reviewed, approver, django_capture_on_commit_callbacks
):
    app = reviewed()
    with (
        mock.patch.object(render_document, "apply_async"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        decision = services.decide(application_id=app.pk, approver=approver, approve=True)
    letter = IssuedDocument.objects.get(decision=decision)
    assert letter.html and decision.permit.number in letter.html
    assert letter.permit == decision.permit


def test_the_first_print_freezes_a_letter_the_commit_hook_did_not(c, reviewed, approver):
    app = reviewed()  # no on-commit callbacks run in this test: the print freezes it
    decision = services.decide(application_id=app.pk, approver=approver, approve=True)
    assert IssuedDocument.objects.get(decision=decision).html == ""
    body = c.get(_doc_url(app, "decision")).content.decode()
    assert decision.permit.number in body
    assert IssuedDocument.objects.get(decision=decision).html


# --- pages --------------------------------------------------------------------------------------


def test_the_refusal_notice_shows_its_number_not_the_registration_number(c, submitted, clerk):
    app = submitted()
    services.refuse(application_id=app.pk, clerk=clerk, reason="不属于本机关职权范围")
    body = c.get(_doc_url(app, "refusal")).content.decode()
    assert "示审不受〔2026〕1号" in body and "登记号" not in body


def test_the_correction_notice_shows_its_number(c, submitted, clerk, materials):
    app = submitted(provided=[])
    services.request_correction(application_id=app.pk, clerk=clerk, missing=[materials[0]])
    body = c.get(_doc_url(app, "correction")).content.decode()
    assert "示审补〔2026〕1号" in body and "登记号" not in body and 'class="seal"' in body


def test_another_applications_document_id_is_404(c, accepted):
    first, second = accepted(), accepted()
    doc = IssuedDocument.objects.get(application=first)
    url = reverse("approvals:archived_document", args=[second.pk, doc.pk])
    assert c.get(url).status_code == 404
    assert c.get(_archive_url(doc)).status_code == 200


@pytest.mark.parametrize("suffix", ["99999999999999999999/", "0/", "-1/", "１/", "abc/"])
def test_odd_document_ids_are_404(c, accepted, suffix):
    app = accepted()
    base = reverse("approvals:detail", args=[app.pk])
    assert c.get(f"{base}archive/{suffix}").status_code == 404


def test_the_case_page_lists_the_issued_documents_with_their_hashes(c, accepted):
    app = accepted()
    doc = IssuedDocument.objects.get(application=app)
    render_document.run(doc.pk)
    doc.refresh_from_db()
    page = c.get(reverse("approvals:detail", args=[app.pk])).content.decode()
    assert 'data-testid="doc-receipt"' in page and doc.number in page
    assert doc.pdf_sha256[:12] in page
    assert _archive_url(doc, pdf=True) in page
    # the archived receipt is not listed twice (the live list keeps pre-archive documents only)
    assert page.count(_doc_url(app, "receipt")) == 0


def test_a_document_issued_before_the_archive_is_printed_live_and_marked(c, accepted):
    app = accepted()
    IssuedDocument.objects.filter(application=app).delete()  # as before the migration
    body = c.get(_doc_url(app, "receipt")).content.decode()
    assert "受理通知书" in body and 'data-testid="doc-live"' in body
    page = c.get(reverse("approvals:detail", args=[app.pk])).content.decode()
    assert _doc_url(app, "receipt") in page


# --- a letter for every decision kind ------------------------------------------------------------

LATER_LETTERS = {
    "change": ("准予变更行政许可决定书", "第四十九条"),
    "renew": ("准予延续行政许可决定书", "第五十条"),
    "withdraw": ("撤回行政许可决定书", "第八条第二款"),
    "revoke": ("撤销行政许可决定书", "第六十九条"),
    "cancel": ("注销行政许可决定书", "第七十条"),
    "suspend": ("责令停产停业决定书", "停产停业"),
}


@pytest.mark.parametrize("kind", list(LATER_LETTERS))
def test_every_later_decision_kind_has_its_letter(
    reviewed, approver, kind, django_capture_on_commit_callbacks
):
    app = reviewed()
    with mock.patch.object(render_document, "apply_async"):
        with django_capture_on_commit_callbacks(execute=True):
            first = services.decide(application_id=app.pk, approver=approver, approve=True)
        with django_capture_on_commit_callbacks(execute=True):
            later = services.act_on_permit(
                permit_number=first.permit.number, approver=approver, kind=kind, reason="依法处理"
            )
    letter = IssuedDocument.objects.get(decision=later)
    title, basis = LATER_LETTERS[kind]
    assert letter.title == title and title in letter.html and basis in letter.html
    assert letter.number == later.number and "依法处理" in letter.html
    assert "六十日内依法申请行政复议" in letter.html and "六个月内" in letter.html
    assert 'class="seal"' in letter.html and 'class="qr"' in letter.html
    assert "2026年6月1日" in letter.html
    assert later.permit.number in letter.html


def test_a_reinstatement_has_its_letter(reviewed, approver):
    app = reviewed()
    first = services.decide(application_id=app.pk, approver=approver, approve=True)
    number = first.permit.number
    services.act_on_permit(permit_number=number, approver=approver, kind="suspend", reason="整改")
    lifted = services.act_on_permit(
        permit_number=number, approver=approver, kind="reinstate", reason="整改到位"
    )
    letter = IssuedDocument.objects.get(decision=lifted)
    assert letter.title == "解除责令停产停业决定书" and "恢复使用" in letter.html
    assert "整改到位" in letter.html and letter.html_sha256


def test_an_altered_stored_pdf_is_never_served(c, accepted):
    app = accepted()
    doc = IssuedDocument.objects.get(application=app)
    render_document.run(doc.pk)
    doc.refresh_from_db()
    with open(doc.pdf.path, "ab") as handle:
        handle.write(b"tampered")
    response = c.get(_doc_url(app, "receipt", pdf=True))
    assert response.status_code == 503 and "SHA-256" in response.content.decode()


def test_asking_twice_for_a_decisions_letter_gives_the_same_one(reviewed, approver):
    app = reviewed()
    decision = services.decide(
        application_id=app.pk, approver=approver, approve=False, reason="不符"
    )
    with transaction.atomic():
        again = archive.issue_decision_letter(decision, actor=approver)
    assert again == IssuedDocument.objects.get(decision=decision)
    assert SealUse.objects.filter(decision=decision).count() == 1
