"""What every supervision service shares: constants and the
after-commit side effects (notifications, webhook outbox rows, task queueing)."""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Decision
from core.text import describe, forbidden_character, normalize_text
from supervision.models import (
    Notification,
    Push,
    WebhookDelivery,
    WebhookEndpoint,
)

log = logging.getLogger(__name__)
P = Push.Status

CLAIM_WORKING_DAYS = 3
REPORT_DUE_WORKING_DAYS = 7
# Every decision is pushed (000: "每个审批事项完成后…推送审批结果"): a denial too, so departments
# watch for people operating without a licence, and a suspension and its lifting. Plain values:
# the kinds "suspend" and "reinstate" are Decision.Kind's (approvals) as well.
PUSHED_KINDS = {
    Decision.Kind.APPROVE,
    Decision.Kind.DENY,
    Decision.Kind.CHANGE,
    Decision.Kind.RENEW,
    Decision.Kind.WITHDRAW,
    Decision.Kind.REVOKE,
    Decision.Kind.CANCEL,
    "suspend",
    "reinstate",
}

# --- texts people type ---------------------------------------------------------------------------


def checked_text(errors: dict, field: str, value, *, max_length: int, required: bool) -> str:
    """A typed text as it is stored (core.text.normalize_text), its error (if any) added to
    `errors` under `field`: a control character, nothing visible where the text is required, or
    longer than the field's limit (supervision.models). The forms and serializers check the same
    first; this keeps every caller of a service to it."""
    value = normalize_text(value or "")
    bad = forbidden_character(value)
    if bad:
        errors[field] = [_("含有不允许的控制字符(%(c)s)。") % {"c": describe(bad)}]
    elif required and not value:
        errors[field] = [_("必填。")]
    elif len(value) > max_length:
        errors[field] = [
            _("最多 %(limit)d 个字符(当前 %(n)d 个)。") % {"limit": max_length, "n": len(value)}
        ]
    return value


# --- after-commit side effects -------------------------------------------------------------------


# Monotonic time until which this process does not try the broker again (after a failure).
_publish_paused_until = 0.0


def _publish(task_path: str, args: tuple) -> None:
    """Publish one task with short timeouts and no retry: a hung or absent broker costs the
    request at most ONESEAL_PUBLISH_TIMEOUT, once per pause, instead of seconds per task."""
    from importlib import import_module

    from django.conf import settings

    timeout = settings.ONESEAL_PUBLISH_TIMEOUT
    module, name = task_path.rsplit(".", 1)
    task = getattr(import_module(module), name)
    with task.app.connection_for_write(
        connect_timeout=timeout,
        transport_options={
            "max_retries": 0,  # kombu: one connection attempt, not a retry loop
            "connect_retries_timeout": timeout,
            "socket_connect_timeout": timeout,  # redis
            "socket_timeout": timeout,
        },
    ) as connection:
        task.apply_async(args=args, connection=connection, retry=False)


def _enqueue(task_path: str, *args) -> None:
    """Queue a task after commit; if the broker is down or slow, log it and go on: the outbox row
    stays and the periodic sweep sends it (the sweeps run every minute or two)."""

    def send():
        global _publish_paused_until
        import time

        from django.conf import settings

        if time.monotonic() < _publish_paused_until:
            log.warning("broker paused; %s%r left to the periodic sweep", task_path, args)
            return
        try:
            _publish(task_path, args)
        except Exception:  # broker down: nothing is lost, the outbox row stays unsent
            _publish_paused_until = time.monotonic() + settings.ONESEAL_PUBLISH_PAUSE_SECONDS
            log.warning("could not queue %s%r; the periodic sweep will send it", task_path, args)

    transaction.on_commit(send)


def notify(users, *, subject: str, body: str, link: str = "") -> list[Notification]:
    """The one way to create in-app notifications (their e-mails go out after commit). Inside
    the caller's transaction; other apps (accountability's summaries) call it too."""
    rows = Notification.objects.bulk_create(
        [Notification(recipient=user, subject=subject, body=body, link=link) for user in users]
    )
    if rows:
        _enqueue("supervision.tasks.send_notifications")
    return rows


def users_with_role(*roles) -> list:
    """The active users holding any of these roles (e.g. every inspector)."""
    User = get_user_model()
    return list(User.objects.filter(is_active=True, groups__name__in=roles).distinct())


def _webhook_deliveries(*, event: str, department_id: int, push=None, report=None) -> int:
    """The webhook deliveries of one event for a department's active endpoints (each queued
    after commit), and the same event in the department's event feed (services.events)."""
    from supervision.services.events import publish_event

    publish_event(event=event, department_id=department_id, obj=push or report)
    now = timezone.now()
    rows = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                department_id=department_id,
                event=event,
                push=push,
                report=report,
                created_at=now,
                next_attempt_at=now,
            )
            for endpoint in WebhookEndpoint.objects.filter(department_id=department_id, active=True)
        ]
    )
    for row in rows:
        _enqueue("supervision.tasks.deliver_webhook", str(row.pk))
    return len(rows)
