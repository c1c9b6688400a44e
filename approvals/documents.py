"""The notices and decision letters of an application (受理通知书, 补正材料通知书, 不予受理决定书,
撤回 and 终止 notices, and a letter for every Decision kind): one template per document, the
context it is rendered from, and the PDF made by WeasyPrint from the very same HTML.

Issued documents are frozen in the archive (approvals.archive): this module builds their context
at the moment of issue. `context_for(application, kind)` still renders a live copy, which the
document view uses only for documents issued before the archive existed (marked as such)."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from approvals import selectors, verification
from approvals.models import Application, ApplicationMaterial, Decision, Seal
from audit.services import events_for
from catalog.selectors import contact_for
from core.errors import NotFound

S = Application.Status
RECEIPT, CORRECTION, REFUSAL, DECISION = "receipt", "correction", "refusal", "decision"
WITHDRAWAL, TERMINATION = "withdrawal", "termination"
SPECIAL_PROCEDURE = "special_procedure"  # 特别程序告知书 (issue 13, the fees part)
NOTICE_KINDS = (RECEIPT, CORRECTION, REFUSAL, WITHDRAWAL, TERMINATION, SPECIAL_PROCEDURE)
KINDS = (*NOTICE_KINDS, DECISION)
TITLES = {
    RECEIPT: _("受理通知书"),
    CORRECTION: _("补正材料通知书"),
    REFUSAL: _("不予受理决定书"),
    WITHDRAWAL: _("准予撤回行政许可申请通知书"),
    TERMINATION: _("终止行政许可审批通知书"),
    SPECIAL_PROCEDURE: _("特别程序告知书"),
}
DEEMED_WITHDRAWN_TITLE = _("视为撤回行政许可申请通知书")
# One letter per Decision kind (the string values: "suspend" / "reinstate" are the procedures').
DECISION_TITLES = {
    "approve": _("准予行政许可决定书"),
    "deny": _("不予行政许可决定书"),
    "change": _("准予变更行政许可决定书"),
    "renew": _("准予延续行政许可决定书"),
    "withdraw": _("撤回行政许可决定书"),
    "revoke": _("撤销行政许可决定书"),
    "cancel": _("注销行政许可决定书"),
    "suspend": _("责令停产停业决定书"),
    "reinstate": _("解除责令停产停业决定书"),
}
# The letters whose permit is written after the decision row in the same transaction (the new
# permit of an approval, change or renewal): their freeze waits for the commit.
GRANTING_KINDS = ("approve", "change", "renew")
# Filenames of the PDFs (ASCII, for every browser's download bar).
FILENAMES = {
    RECEIPT: "receipt",
    CORRECTION: "correction-notice",
    REFUSAL: "refusal",
    WITHDRAWAL: "withdrawal-notice",
    TERMINATION: "termination-notice",
    SPECIAL_PROCEDURE: "special-procedure-notice",
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


def decision_title(kind: str) -> str:
    return str(DECISION_TITLES.get(kind, _("行政许可决定书")))


def notice_title(kind: str, application: Application) -> str:
    if kind == WITHDRAWAL and getattr(application, "deemed_withdrawn", False):
        return str(DEEMED_WITHDRAWN_TITLE)
    return str(TITLES[kind])


def available(application: Application, events=None, archived_kinds=()) -> list[DocumentLink]:
    """The documents this application has that the archive does not hold (issued before it
    existed), in the order they come into being; `archived_kinds`: the kinds it holds."""
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
        docs.append(DocumentLink(DECISION, decision_title(decision.kind)))
    return [d for d in docs if d.kind not in archived_kinds]


def _bureau(seal: Seal | None) -> str:
    seal = seal or Seal.objects.filter(active=True).first()
    return seal.bureau_name if seal else str(_("行政审批服务局"))


def _base(application, kind) -> dict:
    version = application.item_version
    return {
        "app": application,
        "kind": kind,
        "applicant": application.applicant,
        "version": version,
        "printed_at": timezone.localtime(),
        # 办理地点, 办公时间, 咨询电话: the catalog's one answer (the item's override, else the
        # bureau's). Read (one query) only by a document that shows it, when it is rendered:
        # an issued notice keeps the values of its moment in its frozen HTML.
        "contact": SimpleLazyObject(lambda: contact_for(version)),
    }


def notice_context(application: Application, kind: str, *, seal, number, issued_at, actor):
    """The context of a notice as it is issued now: today's state of the application (the
    archive freezes what this renders)."""
    lines = list(application.materials.select_related("material"))
    ctx = {
        **_base(application, kind),
        "title": notice_title(kind, application),
        "bureau": seal.bureau_name,
        "seal": seal,
        "number": number,
        "issued_on": timezone.localdate(issued_at),
        "clerk_name": _actor_name(actor),
    }
    if kind == RECEIPT:
        ctx.update(
            waived=[line for line in lines if line.state == ApplicationMaterial.State.WAIVED],
            lines=lines,
            progress_url=f"{settings.SITE_URL}/progress/",
        )
    elif kind == CORRECTION:
        ctx.update(
            missing=[line for line in lines if line.state == ApplicationMaterial.State.MISSING],
            note=application.correction_note,
            correction_deadline=getattr(application, "correction_deadline", None),
        )
    elif kind == REFUSAL:
        ctx.update(reason=application.refusal_reason)
    elif kind in (WITHDRAWAL, TERMINATION):
        ctx.update(
            reason=getattr(application, "closure_reason", ""),
            deemed=getattr(application, "deemed_withdrawn", False),
            correction_deadline=getattr(application, "correction_deadline", None),
        )
    elif kind == SPECIAL_PROCEDURE:
        ctx.update(_special_procedure_context(application))
    else:  # pragma: no cover - the archive checks the kind first
        raise NotFound()
    return ctx


# What the law says of each special procedure's length, where it says it. 听证: 行政许可法
# 第四十七条 (a hearing asked for within 5 days of being told of the right is held within 20
# days) and 第四十八条 (its time and place notified 7 days before). 检验、检测 and 专家评审 have no
# statutory length in the Act; 第四十五条 keeps their time out of the limit and has the bureau
# tell the applicant it in writing. 公示 is not among 第四十五条's procedures: told in writing,
# no article cited.
SPECIAL_PROCEDURE_LENGTHS = {
    "hearing": _(
        "申请人、利害关系人在被告知听证权利之日起五日内提出听证申请的，本机关在二十日内组织听证，"
        "并于举行听证的七日前将听证的时间、地点通知申请人、利害关系人"
        "（《中华人民共和国行政许可法》第四十七条、第四十八条）。"
    ),
    "testing": _(
        "所需时间由本机关依照《中华人民共和国行政许可法》第四十五条的规定另行书面告知；"
        "程序结束后，本机关将继续办理。"
    ),
    "expert_review": _(
        "所需时间由本机关依照《中华人民共和国行政许可法》第四十五条的规定另行书面告知；"
        "程序结束后，本机关将继续办理。"
    ),
    "publicity": _("所需时间由本机关另行书面告知；程序结束后，本机关将继续办理。"),
}


def _special_procedure_context(application: Application) -> dict:
    """特别程序告知书: the procedure that has just started (the open one)."""
    procedure = (
        application.special_procedures.filter(ended_at__isnull=True)
        .order_by("-started_at", "-pk")
        .first()
    )
    if procedure is None:  # pragma: no cover - issued by start_special_procedure only
        raise NotFound()
    return {
        "procedure": procedure,
        "procedure_name": procedure.get_kind_display(),
        "reason": procedure.note,
        "started_on": timezone.localdate(procedure.started_at),
        "expected_length": SPECIAL_PROCEDURE_LENGTHS.get(procedure.kind, ""),
    }


def _actor_name(actor) -> str:
    if actor is None:
        return str(_("系统"))
    return actor.get_full_name() or actor.get_username()


def decision_context(decision: Decision) -> dict:
    """The letter of one decision (any kind), as the archive freezes it."""
    permit = decision.permit
    application = decision.application or (permit.application if permit else None)
    ctx = {
        **_base(application, DECISION),
        "title": decision_title(decision.kind),
        "bureau": decision.seal.bureau_name,
        "decision": decision,
        "decision_kind": decision.kind,
        "seal": decision.seal,
        "number": decision.number,
        "permit": permit,
        "previous": permit.replaces if permit is not None and permit.replaces_id else None,
        "issued_on": timezone.localdate(decision.decided_at),
        "approved": decision.kind == Decision.Kind.APPROVE,
        "opinion": (list(application.opinions.all()) or [None])[-1] if application else None,
    }
    if permit is not None:
        ctx["version"] = permit.item_version
        ctx["verify_url"] = verification.verify_url(permit.number)
        ctx["qr_text"] = _qr_text(permit, decision)
    return ctx


def _qr_text(permit, decision) -> str:
    from approvals import signing  # the signed offline payload (the signing part's)

    return signing.qr_text(permit, decision)


def context_for(application: Application, kind: str) -> dict:
    """A live copy of a document (values as they are now), for an application issued before
    the archive existed; NotFound when the application has no such document (yet)."""
    if kind not in (RECEIPT, CORRECTION, REFUSAL, DECISION):
        raise NotFound()
    events = list(events_for(application))
    lines = list(application.materials.all())
    ctx = {**_base(application, kind), "live": True}

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
        ctx.update(decision_context(decision), live=True)
    return ctx


def render_html(context: dict, *, pdf: bool = False, request=None) -> str:
    return render_to_string(
        f"approvals/documents/{context['kind']}.html", {**context, "pdf": pdf}, request=request
    )


def pdf_from_html(html: str) -> bytes:
    """A4 by WeasyPrint. Only data: URLs may be fetched (everything the documents need is
    inline), so rendering never reaches out."""
    from weasyprint import HTML, URLFetcher  # heavy import, only when a PDF is asked for

    fetcher = URLFetcher(allowed_protocols=("data",))
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def render_pdf(context: dict) -> bytes:
    return pdf_from_html(render_html(context, pdf=True))


def pdf_filename(application: Application, kind: str) -> str:
    return f"{FILENAMES[kind]}-{application.receipt_number or application.pk}.pdf"
