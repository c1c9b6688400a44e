"""Printable notices and decisions of an application (受理通知书, 补正材料通知书, 不予受理决定书,
准予 / 不予行政许可决定书): one template per document, shown as HTML for the browser's print
and rendered to PDF by WeasyPrint from the very same template."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals import selectors, verification
from approvals.models import Application, ApplicationMaterial, Decision, Seal
from audit.services import events_for
from core.errors import NotFound

S = Application.Status
RECEIPT, CORRECTION, REFUSAL, DECISION = "receipt", "correction", "refusal", "decision"
KINDS = (RECEIPT, CORRECTION, REFUSAL, DECISION)
TITLES = {
    RECEIPT: _("受理通知书"),
    CORRECTION: _("补正材料通知书"),
    REFUSAL: _("不予受理决定书"),
}
DECISION_TITLES = {
    Decision.Kind.APPROVE: _("准予行政许可决定书"),
    Decision.Kind.DENY: _("不予行政许可决定书"),
}
# Filenames of the PDFs (ASCII, for every browser's download bar).
FILENAMES = {
    RECEIPT: "receipt",
    CORRECTION: "correction-notice",
    REFUSAL: "refusal",
    DECISION: "decision",
}


@dataclass(frozen=True)
class DocumentLink:
    kind: str
    title: str


def _events(application, events):
    return list(events) if events is not None else list(events_for(application))


def _last(events, action):
    found = [e for e in events if e.action == action]
    return found[-1] if found else None


def available(application: Application, events=None) -> list[DocumentLink]:
    """The documents this application has, in the order they come into being."""
    events = _events(application, events)
    docs = []
    if _last(events, "request_correction"):
        docs.append(DocumentLink(CORRECTION, str(TITLES[CORRECTION])))
    if application.status == S.REFUSED:
        docs.append(DocumentLink(REFUSAL, str(TITLES[REFUSAL])))
    if application.receipt_number:
        docs.append(DocumentLink(RECEIPT, str(TITLES[RECEIPT])))
    decision = selectors.main_decision(application)
    if decision is not None:
        docs.append(DocumentLink(DECISION, str(DECISION_TITLES[decision.kind])))
    return docs


def _bureau(seal: Seal | None) -> str:
    seal = seal or Seal.objects.filter(active=True).first()
    return seal.bureau_name if seal else str(_("行政审批服务局"))


def context_for(application: Application, kind: str) -> dict:
    """Everything the document's template shows; NotFound when the application has no such
    document yet (e.g. a decision letter before the decision)."""
    if kind not in KINDS:
        raise NotFound()
    events = list(events_for(application))
    lines = list(application.materials.all())
    ctx = {
        "app": application,
        "kind": kind,
        "applicant": application.applicant,
        "version": application.item_version,
        "printed_at": timezone.localtime(),
    }

    if kind == RECEIPT:
        if not application.receipt_number:
            raise NotFound()
        ctx.update(
            title=TITLES[RECEIPT],
            bureau=_bureau(None),
            waived=[line for line in lines if line.state == ApplicationMaterial.State.WAIVED],
            lines=lines,
            issued_on=timezone.localdate(application.accepted_at),
            # The public progress lookup (accountability's public:progress, /progress/ in the
            # API contract): written as the contract's path, approvals names no upper URL.
            progress_url=f"{settings.SITE_URL}/progress/",
        )
    elif kind == CORRECTION:
        event = _last(events, "request_correction")
        if event is None:
            raise NotFound()
        # The notice lists what was asked for then (the event's snapshot), not today's state.
        wanted = set((event.data or {}).get("missing") or [])
        missing = [line for line in lines if line.material_id in wanted]
        if not missing:  # an event from before the snapshot existed: today's missing lines
            missing = [line for line in lines if line.state == ApplicationMaterial.State.MISSING]
        ctx.update(
            title=TITLES[CORRECTION],
            bureau=_bureau(None),
            missing=missing,
            note=event.note or application.correction_note,
            issued_on=timezone.localdate(event.at),
            clerk_name=event.actor_name,
        )
    elif kind == REFUSAL:
        if application.status != S.REFUSED:
            raise NotFound()
        event = _last(events, "refuse")
        ctx.update(
            title=TITLES[REFUSAL],
            bureau=_bureau(None),
            reason=application.refusal_reason,
            issued_on=timezone.localdate(event.at if event else application.updated_at),
        )
    else:
        decision = selectors.main_decision(application)
        if decision is None:
            raise NotFound()
        permit = decision.permit
        ctx.update(
            title=DECISION_TITLES[decision.kind],
            bureau=decision.seal.bureau_name,
            decision=decision,
            seal=decision.seal,
            permit=permit,
            issued_on=timezone.localdate(decision.decided_at),
            approved=decision.kind == Decision.Kind.APPROVE,
            opinion=(list(application.opinions.all()) or [None])[-1],
        )
        if permit is not None:
            ctx["verify_url"] = verification.verify_url(permit.number)
    return ctx


def render_html(context: dict, *, pdf: bool = False, request=None) -> str:
    return render_to_string(
        f"approvals/documents/{context['kind']}.html", {**context, "pdf": pdf}, request=request
    )


def render_pdf(context: dict) -> bytes:
    """The same template as the HTML page, laid out by WeasyPrint on A4. Only data: URLs may
    be fetched (everything the documents need is inline), so rendering never reaches out."""
    from weasyprint import HTML, URLFetcher  # heavy import, only when a PDF is asked for

    html = render_html(context, pdf=True)
    fetcher = URLFetcher(allowed_protocols=("data",))
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def pdf_filename(application: Application, kind: str) -> str:
    return f"{FILENAMES[kind]}-{application.receipt_number or application.pk}.pdf"
