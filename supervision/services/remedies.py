"""A 复议 / 诉讼 outcome against a decision is told to the departments supervising the permit
(approvals.signals.remedy_outcome_recorded, sent inside the remedies service's transaction)."""

import logging

from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.selectors import liaisons_of
from supervision.models import Push
from supervision.services._common import notify
from supervision.services.routing import routed_department_ids

log = logging.getLogger(__name__)


def _display(obj, field: str) -> str:
    """A choice field's label, or its value, or "" (the remedy model is another part's: read it
    defensively)."""
    getter = getattr(obj, f"get_{field}_display", None)
    if callable(getter):
        try:
            return str(getter())
        except Exception:  # noqa: BLE001 - a label is a nicety, never a failure
            pass
    value = getattr(obj, field, "")
    return str(value) if value is not None else ""


def notify_remedy_outcome(*, remedy) -> int:
    """Notification rows (mailed after commit) for the liaisons of every department the
    decision's permit is routed to now (a denial: the item version's); each department's link
    is its latest push of that decision or permit. Returns how many were written."""
    decision = getattr(remedy, "decision", None)
    if decision is None:
        log.warning("remedy %s has no decision; nobody told", getattr(remedy, "pk", None))
        return 0
    permit = decision.permit
    holder = permit or decision.application
    if holder is None:
        return 0
    departments = routed_department_ids(permit=permit, version=holder.item_version)
    kind = _display(remedy, "kind")
    outcome = _display(remedy, "outcome")
    subject = _("复议诉讼结果:%(number)s %(kind)s %(outcome)s") % {
        "number": permit.number if permit else decision.number,
        "kind": kind,
        "outcome": outcome,
    }
    body = _(
        "针对决定 %(decision)s(%(decision_kind)s)的%(kind)s已有结果:%(outcome)s。"
        "%(notes)s如结果撤销或变更该决定,审批局将启动相应程序,结果另行推送。"
    ) % {
        "decision": decision.number,
        "decision_kind": decision.get_kind_display(),
        "kind": kind,
        "outcome": outcome,
        "notes": (_display(remedy, "notes") + " ") if _display(remedy, "notes") else "",
    }
    pushes = Push.objects.filter(department_id__in=departments).order_by("-pushed_at", "-pk")
    pushes = pushes.filter(decision__permit=permit) if permit else pushes.filter(decision=decision)
    latest = {}
    for push_id, department_id in pushes.values_list("pk", "department_id"):
        latest.setdefault(department_id, push_id)
    written = 0
    for department_id in sorted(departments):
        link = (
            reverse("supervision:push_detail", args=[latest[department_id]])
            if department_id in latest
            else reverse("supervision:inbox")
        )
        written += len(notify(liaisons_of([department_id]), subject=subject, body=body, link=link))
    return written


def on_remedy_outcome_recorded(sender, remedy, **kwargs):
    """Receiver of approvals.signals.remedy_outcome_recorded (connected in SupervisionConfig)."""
    notify_remedy_outcome(remedy=remedy)
