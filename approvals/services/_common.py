"""Helpers every approvals service uses: the row lock, the transition check, the status write."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import (
    Application,
    Seal,
)
from approvals.workflow import Action, allowed
from audit.services import record_event
from core.errors import InvalidInput, InvalidTransition, NotFound
from core.text import normalize_text

S = Application.Status


# --- helpers -----------------------------------------------------------------------------------


def _lock(application_id) -> Application:
    try:
        return (
            Application.objects.select_for_update(no_key=True)
            .select_related("item_version", "applicant")
            .get(pk=application_id)
        )
    except (Application.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def _require(application: Application, action: str) -> None:
    if not allowed(application, action):
        if application.paused and action in (Action.REVIEW, Action.DECIDE):
            raise InvalidTransition(
                application, action, _("特别程序进行中,计时已暂停,不能执行此操作。"), code="paused"
            )
        raise InvalidTransition(application, action)


def _set_status(
    app: Application,
    actor,
    action: str,
    new_status: str,
    note: str = "",
    fields: tuple[str, ...] = (),
    data: dict | None = None,
) -> None:
    before = app.status
    app.status = new_status
    app.save(update_fields=["status", "updated_at", *fields])
    record_event(
        actor=actor, obj=app, action=action, before=before, after=new_status, note=note, data=data
    )


def clean_text(value, *, field: str, limit: int, required=None, code: str = "invalid") -> str:
    """A free text as we store it (core.text.normalize_text: NFC, no zero-width characters,
    trimmed), refused when longer than `limit` characters or, when `required` (its Chinese
    message) is given, when nothing visible is left (empty, spaces or zero-width characters
    only); `code` is the error's code then (e.g. reason_required)."""
    value = normalize_text(value or "")
    if required and not value:
        raise InvalidInput(required, code=code, fields={field: [_("必填。")]})
    if len(value) > limit:
        message = _("最多 %(limit)s 个字符,当前 %(n)s 个。") % {"limit": limit, "n": len(value)}
        raise InvalidInput(message, fields={field: [message]})
    return value


def _today() -> datetime.date:
    return timezone.localdate()


def active_seal() -> Seal:
    seal = Seal.objects.filter(active=True).first()
    if seal is None:
        raise InvalidTransition(
            message=_("没有启用的审批专用章,请联系管理员。"), code="no_active_seal"
        )
    return seal
