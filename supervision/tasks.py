"""Celery tasks of supervision: thin, take ids, call services. Every one is idempotent. (The
overdue job's task, still named supervision.flag_overdue, is accountability's.)"""

import logging

from celery import shared_task

log = logging.getLogger(__name__)


@shared_task(name="supervision.send_notifications")
def send_notifications(limit: int = 500) -> int:
    """Mail every notification not mailed yet (also the sweep when the broker was down): claim
    under a lease, commit, send, mark each (docs/subsystems/outbound.md). Time limits:
    CELERY_TASK_ANNOTATIONS in settings."""
    from supervision.notifications import mail_pending

    return mail_pending(limit=limit)


@shared_task(bind=True, name="supervision.deliver_webhook", max_retries=None)
def deliver_webhook(self, delivery_id: str) -> str:
    """One attempt (on the `webhooks` queue: CELERY_TASK_ROUTES). Still pending afterwards — it
    failed, or its endpoint's breaker is open and it was deferred without a POST — the task goes
    back to the broker until the delivery's next_attempt_at: it waits there, not in a worker."""
    from django.utils import timezone

    from supervision.models import WebhookDelivery
    from supervision.webhooks import attempt

    delivery = attempt(delivery_id)
    if delivery is not None and delivery.status == WebhookDelivery.Status.PENDING:
        countdown = max((delivery.next_attempt_at - timezone.now()).total_seconds(), 1)
        raise self.retry(countdown=countdown)
    return delivery.status if delivery else "skipped"


@shared_task(name="supervision.retry_webhooks")
def retry_webhooks(limit: int = 200) -> int:
    """Safety net for retries lost with a worker or a broker: attempt what is overdue by a
    minute (the Celery retry normally gets there first). An endpoint whose breaker opens costs
    this sweep a few failed attempts; its other deliveries are deferred without a POST."""
    import datetime

    from supervision.webhooks import attempt, due_deliveries

    ids = list(
        due_deliveries(grace=datetime.timedelta(minutes=1))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for delivery_id in ids:
        attempt(delivery_id)
    return len(ids)


@shared_task(name="supervision.expire_permits")
def expire_permits() -> int:
    from approvals.services import expire_permits as expire

    return expire()
