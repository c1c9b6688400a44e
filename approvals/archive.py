"""电子档案: issuing a notice or a decision letter, and the one stored copy every print serves.

`issue_notice(kind, *, application, actor)` and `issue_decision_letter(decision, *, actor)` run
inside the caller's transaction: they take the document's number from its own gap-free series
(the counter row stays locked until the caller commits, so a rollback gives the number back),
log the seal use, and freeze the HTML rendered from the template with the values of that moment.

The PDF is rendered from the frozen HTML once and stored with its SHA-256: after commit by the
idempotent task `approvals.render_document` (no slow work under the counter's lock), or on the
first print if the task has not run yet (under the document's row lock, so two prints render
once). Every later print serves the stored bytes."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import documents, numbering
from approvals.models import Application, Decision, IssuedDocument, Seal, SealUse
from audit.services import record_event
from core.errors import InvalidInput, InvalidTransition

log = logging.getLogger(__name__)

NOTICE_KINDS = documents.NOTICE_KINDS


def _active_seal() -> Seal:
    seal = Seal.objects.filter(active=True).first()
    if seal is None:
        raise InvalidTransition(
            message=_("没有启用的审批专用章,请联系管理员。"), code="no_active_seal"
        )
    return seal


def _require_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{name} must run inside the transaction that issues the document")


def issue_notice(kind: str, *, application: Application, actor) -> IssuedDocument:
    """出具 a notice (receipt, correction, refusal, withdrawal — 撤回申请 and 视为撤回 —,
    termination) of `application` as it stands now: numbered, sealed, frozen."""
    if kind not in NOTICE_KINDS:
        raise ValueError(f"unknown notice kind {kind!r}")
    _require_transaction("issue_notice")
    seal = _active_seal()
    now = timezone.now()
    year = timezone.localdate(now).year
    series = numbering.NOTICE_SERIES[kind]
    serial = numbering.next_serial(series, year)
    number = numbering.document_number(seal.prefix_for(kind), year, serial)
    use = SealUse.objects.create(seal=seal, kind=kind, number=number, used_by=actor, used_at=now)
    doc = IssuedDocument.objects.create(
        kind=kind,
        title=documents.notice_title(kind, application),
        number=number,
        series=series,
        year=year,
        serial=serial,
        application=application,
        seal=seal,
        seal_use=use,
        issued_by=actor,
        issued_at=now,
    )
    context = documents.notice_context(
        application, kind, seal=seal, number=number, issued_at=now, actor=actor
    )
    _store_html(doc, documents.render_html(context, pdf=True))
    doc.save(update_fields=["html", "html_sha256", "frozen_at"])
    _render_after_commit(doc.pk)
    return doc


def issue_decision_letter(decision: Decision, *, actor) -> IssuedDocument:
    """The letter of a Decision (every kind), numbered with the decision's own 文号 and sealed
    with its seal use (written with the decision, or now). Frozen now; a letter whose permit is
    written later in the same transaction (approve, change, renew) is frozen right after the
    commit, or by the first print if that never ran."""
    _require_transaction("issue_decision_letter")
    existing = IssuedDocument.objects.filter(decision=decision).first()
    if existing is not None:  # one letter per decision, however often it is asked for
        return existing
    use = SealUse.objects.filter(decision=decision).first()
    if use is None:
        use = SealUse.objects.create(
            seal=decision.seal,
            decision=decision,
            kind=documents.DECISION,
            number=decision.number,
            used_by=actor,
            used_at=decision.decided_at,
        )
    elif not use.number:
        use.number = decision.number
        use.save(update_fields=["number"])
    doc = IssuedDocument.objects.create(
        kind=documents.DECISION,
        title=documents.decision_title(decision.kind),
        number=decision.number,
        series=numbering.DECISION,
        year=decision.year,
        serial=decision.serial,
        application=decision.application
        or (decision.permit.application if decision.permit_id else None),
        decision=decision,
        permit_id=decision.permit_id,
        seal=decision.seal,
        seal_use=use,
        issued_by=actor,
        issued_at=decision.decided_at,
    )
    if decision.kind in documents.GRANTING_KINDS:
        transaction.on_commit(lambda pk=doc.pk: _freeze_then_render(pk), robust=True)
    else:
        _freeze_letter(doc, decision)
        doc.save(update_fields=["html", "html_sha256", "frozen_at"])
        _render_after_commit(doc.pk)
    return doc


# --- freezing and the stored PDF ----------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _store_html(doc: IssuedDocument, html: str) -> None:
    doc.html = html
    doc.html_sha256 = _sha256(html.encode("utf-8"))
    doc.frozen_at = timezone.now()


def _freeze_letter(doc: IssuedDocument, decision: Decision | None = None) -> None:
    decision = decision or (
        Decision.objects.select_related(
            "seal",
            "permit__item_version",
            "permit__holder",
            "permit__replaces",
            "application__applicant",
            "application__item_version",
        ).get(pk=doc.decision_id)
    )
    doc.permit_id = decision.permit_id
    _store_html(doc, documents.render_html(documents.decision_context(decision), pdf=True))


def _freeze_then_render(pk: int) -> None:
    with transaction.atomic():
        doc = IssuedDocument.objects.select_for_update().filter(pk=pk, html="").first()
        if doc is not None:
            _freeze_letter(doc)
            doc.save(update_fields=["html", "html_sha256", "frozen_at", "permit"])
    _render_after_commit(pk)


def _render_after_commit(pk: int) -> None:
    """Queue the PDF rendering once the caller commits; a broker that is down costs nothing
    but the wait: the first print renders it then."""

    def send():
        from django.conf import settings

        from approvals.tasks_documents import render_document

        timeout = settings.ONESEAL_PUBLISH_TIMEOUT  # as supervision's publishing: no hang
        try:
            with render_document.app.connection_for_write(
                connect_timeout=timeout,
                transport_options={
                    "max_retries": 0,
                    "connect_retries_timeout": timeout,
                    "socket_connect_timeout": timeout,
                    "socket_timeout": timeout,
                },
            ) as connection:
                render_document.apply_async(args=[pk], connection=connection, retry=False)
        except Exception:  # broker down: the first print renders the PDF
            log.warning("document %s: PDF left to the first print (broker unavailable)", pk)

    transaction.on_commit(send)


def ensure_frozen(doc: IssuedDocument) -> IssuedDocument:
    """The frozen HTML, freezing a letter now if the after-commit freeze never ran (once,
    under the row lock)."""
    if doc.html:
        return doc
    with transaction.atomic():
        locked = IssuedDocument.objects.select_for_update().get(pk=doc.pk)
        if not locked.html:
            _freeze_letter(locked)
            locked.save(update_fields=["html", "html_sha256", "frozen_at", "permit"])
    doc.refresh_from_db()
    return doc


def ensure_pdf(document_id: int) -> tuple[IssuedDocument, bool]:
    """The stored PDF of a document, rendering it first if nobody has (once: under the row
    lock, re-checked). Returns the document and whether this call rendered it."""
    doc = IssuedDocument.objects.get(pk=document_id)
    if doc.pdf_sha256:
        return doc, False
    doc = ensure_frozen(doc)
    with transaction.atomic():
        doc = IssuedDocument.objects.select_for_update().get(pk=document_id)
        if doc.pdf_sha256:
            return doc, False
        pdf = documents.pdf_from_html(doc.html)
        digest = _sha256(pdf)
        doc.pdf.save(
            f"{doc.series}-{doc.year}-{doc.serial}-{digest[:16]}.pdf", ContentFile(pdf), save=False
        )
        doc.pdf_sha256 = digest
        doc.pdf_rendered_at = timezone.now()
        doc.save(update_fields=["pdf", "pdf_sha256", "pdf_rendered_at"])
    return doc, True


def render_pending(limit: int = 100) -> int:
    """Render every stored copy still missing (the sweep after a broker outage): how many."""
    pending = list(
        IssuedDocument.objects.filter(pdf_sha256="")
        .order_by("issued_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in pending if ensure_pdf(pk)[1])


class StoredCopyMissing(Exception):
    """The stored PDF is gone or its bytes no longer match the recorded SHA-256."""


def read_pdf(doc: IssuedDocument) -> bytes:
    """The stored PDF's bytes, checked against the SHA-256 recorded when it was rendered: a
    copy that is missing or altered is never served (StoredCopyMissing, logged)."""
    doc, _rendered = ensure_pdf(doc.pk)
    try:
        with doc.pdf.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError, OSError):
        log.error("archive %s (%s): the stored PDF is missing", doc.pk, doc.number)
        raise StoredCopyMissing() from None
    if _sha256(data) != doc.pdf_sha256:
        log.error("archive %s (%s): the stored PDF does not match its SHA-256", doc.pk, doc.number)
        raise StoredCopyMissing()
    return data


def served_html(doc: IssuedDocument, *, toolbar_context: dict) -> str:
    """The frozen HTML as the browser gets it: the stored copy with the screen toolbar (back,
    print, PDF) and the page's script put in; the same bytes on every print."""
    doc = ensure_frozen(doc)
    toolbar = render_to_string("approvals/documents/_toolbar.html", toolbar_context)
    html = doc.html.replace('<main class="sheet', f'{toolbar}<main class="sheet', 1)
    script = render_to_string("approvals/documents/_script.html", {})
    return html.replace("</body>", f"{script}</body>", 1)


# --- reads ------------------------------------------------------------------------------------


def documents_of(application: Application):
    """Every document issued on an application (notices and the letters of all its decisions,
    on its permits too), oldest first, with who issued it: one query."""
    return (
        IssuedDocument.objects.filter(application=application)
        .select_related("issued_by", "decision")
        .defer("html")
        .order_by("issued_at", "pk")
    )


def document_of(application: Application, document_id) -> IssuedDocument:
    """One issued document of this application; another application's is not found."""
    return IssuedDocument.objects.get(application=application, pk=document_id)


def latest_of_kind(application: Application, kind: str) -> IssuedDocument | None:
    """The last document of a kind on the application (the letter of its approve / deny
    decision for "decision")."""
    docs = IssuedDocument.objects.filter(application=application, kind=kind)
    if kind == documents.DECISION:
        docs = docs.filter(decision__kind__in=[Decision.Kind.APPROVE, Decision.Kind.DENY])
    return docs.order_by("-issued_at", "-pk").first()


# --- the notices' number prefixes on the seal ---------------------------------------------------

PREFIX_FIELDS = tuple(field for field, _mark in Seal.NOTICE_PREFIXES.values())


@transaction.atomic
def update_seal_prefixes(*, actor, seal_id, **changes) -> Seal:
    """An admin's edit of the notices' number prefixes on the seal (blank: derived from the
    decision prefix, 示审批 → 示审受 …). Every series must keep a prefix of its own, so two
    kinds never print the same 文号. Audited as update_seal, with what changed from what."""
    from core.text import forbidden_character, normalize_text

    unknown = set(changes) - set(PREFIX_FIELDS)
    if unknown:
        raise InvalidInput(_("只能修改文书字号前缀。"), code="not_editable")
    cleaned, errors = {}, {}
    for field, value in changes.items():
        value = normalize_text(str(value or ""))
        if forbidden_character(value) or any(c in value for c in "〔〕[]()（）") or value.isspace():
            errors[field] = [_("前缀不能含控制字符或括号。")]
        elif len(value) > Seal._meta.get_field(field).max_length:
            errors[field] = [_("最多 20 个字符。")]
        cleaned[field] = value
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], fields=errors)
    return save_seal_changes(actor=actor, seal_id=seal_id, cleaned=cleaned)


def save_seal_changes(*, actor, seal_id, cleaned: dict) -> Seal:
    """The one write of a seal's wording and prefixes (update_seal and update_seal_prefixes):
    lock it, keep what differs, refuse two kinds printing the same 文号 prefix, save, and audit
    update_seal with what changed from what. Inside the caller's transaction."""
    seal = Seal.objects.select_for_update().get(pk=seal_id)
    changed = {f: v for f, v in cleaned.items() if getattr(seal, f) != v}
    if not changed:
        return seal
    before = {f: getattr(seal, f) for f in changed}
    for field, value in changed.items():
        setattr(seal, field, value)
    prefixes = [seal.prefix_for(kind) for kind in (*Seal.NOTICE_PREFIXES, "decision")]
    if len(set(prefixes)) != len(prefixes):
        message = _("各类文书的字号前缀必须互不相同。")
        raise InvalidInput(message, code="duplicate_prefix", fields={f: [message] for f in changed})
    seal.save(update_fields=list(changed))
    record_event(
        actor=actor,
        obj=seal,
        action="update_seal",
        note=", ".join(sorted(changed)),
        data={"before": before, "after": changed},
    )
    return seal
