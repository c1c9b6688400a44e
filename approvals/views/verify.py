"""Public verification of a permit (no login), linked from every QR code; rate-limited. Also the
public page of the document-signing key (/verify/key/), where a scanned signed payload can be
checked too (the same approvals.signing.verify_payload the offline command runs)."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from approvals import selectors, signing, verification
from approvals.models import (
    Applicant,
    Decision,
    Permit,
)
from approvals.validators import mask_person_name
from core import ratelimit
from core.errors import NotFound

VERIFY_STATUS_TEXT = {
    Permit.Status.VALID: gettext_lazy("有效"),
    Permit.Status.CHANGED: gettext_lazy("已变更(本证件已由新证件替代,不再有效)"),
    Permit.Status.SUSPENDED: gettext_lazy(
        "已暂停(持证人被责令停产停业,暂停期间本证件不能作为从事该项活动的依据)"
    ),
    Permit.Status.WITHDRAWN: gettext_lazy("已撤回(本证件不再有效)"),
    Permit.Status.REVOKED: gettext_lazy("已撤销(本证件不再有效)"),
    Permit.Status.CANCELLED: gettext_lazy("已注销(本证件不再有效)"),
    Permit.Status.EXPIRED: gettext_lazy("已过期(本证件不再有效)"),
}


def _not_found(request):
    return render(request, "approvals/verify_not_found.html", status=404)


def _rate_limited(request):
    if ratelimit.limited(
        "approvals:verify", request, limit=settings.VERIFY_RATE_LIMIT_PER_MINUTE, window=60
    ):
        response = render(request, "approvals/verify_rate_limited.html", status=429)
        response["Retry-After"] = "60"
        return response
    return None


def _decision_kind_label(kind: str) -> str:
    try:
        return Decision.Kind(kind).label
    except ValueError:
        return kind


def signed_check(token: str | None, *, permit_number: str | None = None) -> dict | None:
    """The template's view of a signed payload (the QR's `s`): None when there is none, else
    whether it verifies under our key, what it says, and whether it names this permit."""
    if token is None or token == "":
        return None
    try:
        payload = signing.verify_payload(token)
    except signing.PayloadError as exc:
        return {"ok": False, "message": exc.message}
    matches = permit_number is None or payload.permit_number == permit_number
    return {
        "ok": matches,
        "message": "" if matches else gettext_lazy("签名有效,但签名数据中的证件编号与本页不符。"),
        "payload": payload,
        "decision_kind_label": _decision_kind_label(payload.decision_kind),
        "same_as_record": None,  # set by the permit page, which has the record to compare
    }


@never_cache
@require_GET
def verify(request, number):
    """验证: permit number + check code. An unknown number and a wrong code answer alike, and
    a wrong code is refused before any database query, so neither says whether the number
    exists. The signed payload (`s`), when present, is checked too and the page says whether it
    verifies and whether what it signed still matches the record."""
    limited = _rate_limited(request)
    if limited:
        return limited
    code = request.GET.get("c", "")
    if not verification.is_valid_code(number, code):
        return _not_found(request)
    try:
        permit = selectors.permit_by_number(number)
    except NotFound:
        return _not_found(request)
    status = permit.current_status
    replaced_by = getattr(permit, "replaced_by", None) if status == Permit.Status.CHANGED else None
    holder_name = permit.holder_name
    if permit.holder.kind == Applicant.Kind.PERSON:
        holder_name = mask_person_name(holder_name)
    signed = signed_check(request.GET.get(signing.PARAM), permit_number=permit.number)
    if signed and signed["ok"]:
        payload = signed["payload"]
        signed["same_as_record"] = (
            payload.holder == holder_name
            and payload.valid_from == permit.valid_from
            and payload.valid_until == permit.valid_until
        )
    response = render(
        request,
        "approvals/verify.html",
        {
            "permit": permit,
            "holder_name": holder_name,
            "status": status,
            "status_text": VERIFY_STATUS_TEXT.get(status, status),
            "is_valid": status == Permit.Status.VALID,
            "is_suspended": status == Permit.Status.SUSPENDED,
            "replaced_by": replaced_by,
            "signed": signed,
            "checked_at": timezone.localtime(),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def public_key(request):
    """公钥公示: the document-signing public key (PEM, raw base64, fingerprint) and the offline
    procedure; with ?s=<token>, the result of checking that token (no database)."""
    token = request.GET.get(signing.PARAM)
    if token:
        limited = _rate_limited(request)
        if limited:
            return limited
    response = render(
        request,
        "approvals/verify_key.html",
        {
            "algorithm": signing.ALGORITHM,
            "public_key": signing.public_key_base64(),
            "pem": signing.public_key_pem(),
            "fingerprint": signing.fingerprint(),
            "version": signing.VERSION,
            "param": signing.PARAM,
            "signed": signed_check(token),
            "site_url": settings.SITE_URL,
        },
    )
    if not token:
        response["Cache-Control"] = "public, max-age=3600"
    return response
