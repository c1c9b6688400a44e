"""Public verification of a permit (no login), linked from every QR code; rate-limited."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from approvals import selectors, verification
from approvals.models import (
    Applicant,
    Permit,
)
from approvals.validators import mask_person_name
from core import ratelimit
from core.errors import NotFound

VERIFY_STATUS_TEXT = {
    Permit.Status.VALID: gettext_lazy("有效"),
    Permit.Status.CHANGED: gettext_lazy("已变更(本证件已由新证件替代,不再有效)"),
    Permit.Status.WITHDRAWN: gettext_lazy("已撤回(本证件不再有效)"),
    Permit.Status.REVOKED: gettext_lazy("已撤销(本证件不再有效)"),
    Permit.Status.CANCELLED: gettext_lazy("已注销(本证件不再有效)"),
    Permit.Status.EXPIRED: gettext_lazy("已过期(本证件不再有效)"),
}


def _not_found(request):
    return render(request, "approvals/verify_not_found.html", status=404)


@never_cache
@require_GET
def verify(request, number):
    """验证: permit number + check code. An unknown number and a wrong code answer alike, and
    a wrong code is refused before any database query, so neither says whether the number
    exists."""
    if ratelimit.limited(
        "approvals:verify", request, limit=settings.VERIFY_RATE_LIMIT_PER_MINUTE, window=60
    ):
        response = render(request, "approvals/verify_rate_limited.html", status=429)
        response["Retry-After"] = "60"
        return response
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
    response = render(
        request,
        "approvals/verify.html",
        {
            "permit": permit,
            "holder_name": holder_name,
            "status": status,
            "status_text": VERIFY_STATUS_TEXT.get(status, status),
            "is_valid": status == Permit.Status.VALID,
            "replaced_by": replaced_by,
            "checked_at": timezone.localtime(),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response
