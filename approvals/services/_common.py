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
from core.errors import InvalidTransition, NotFound

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


def _today() -> datetime.date:
    return timezone.localdate()


def active_seal() -> Seal:
    seal = Seal.objects.filter(active=True).first()
    if seal is None:
        raise InvalidTransition(
            message=_("没有启用的审批专用章,请联系管理员。"), code="no_active_seal"
        )
    return seal
