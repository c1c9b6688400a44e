"""Flagging late pushes and reports: supervision marks its own rows, once, tells the
departments what is theirs (a notification to the liaisons, `push.flagged_overdue` webhooks),
and returns what it flagged. The job, its records and the inspectors' summary are
accountability's (`accountability.services.flag_overdue`)."""

import datetime
from collections import Counter

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.services.overdue import Flagged
from catalog.selectors import liaisons_of
from core.db import update_returning
from supervision.models import (
    Push,
    SupervisionReport,
    WebhookDelivery,
    WebhookEndpoint,
)
from supervision.services._common import _enqueue, notify
from supervision.services.events import publish_events


def flag_overdue_pushes(*, now: datetime.datetime) -> list[Flagged]:
    """Flag every push `Push.objects.to_flag(now)` selects (unclaimed past its deadline, not
    flagged yet) at `now`, in one UPDATE through the partial index push_unclaimed_deadline;
    tell each department's liaisons once and queue `push.flagged_overdue` for departments with
    a webhook. Returns (id, claim_deadline, department_id) for each push flagged, once."""
    rows = update_returning(
        Push.objects.to_flag(now),
        values={"overdue_flagged_at": now},
        returning=["id", "claim_deadline", "department_id"],
    )
    if rows:
        per_department = Counter(department_id for _pk, _deadline, department_id in rows)
        for department_id, count in per_department.items():
            notify(
                liaisons_of([department_id]),
                subject=_("有 %(n)s 条审批结果推送已逾期未认领") % {"n": count},
                body=_("请尽快认领。逾期记录已报送督查。"),
                link=reverse("supervision:inbox") + "?tab=overdue",
            )
        _overdue_webhooks(rows, per_department)
        publish_events(
            event="push.flagged_overdue",
            model=Push,
            rows=[(pk, department_id) for pk, _deadline, department_id in rows],
        )
    return rows


def flag_overdue_reports(*, now: datetime.datetime) -> list[Flagged]:
    """Flag every report `SupervisionReport.objects.to_flag(now)` selects (not claimed by the
    bureau in time, not flagged yet) at `now`. The bureau is the one late, so no department is
    named or told. Returns (id, claim_deadline, None) for each report flagged, once."""
    rows = update_returning(
        SupervisionReport.objects.to_flag(now),
        values={"overdue_flagged_at": now},
        returning=["id", "claim_deadline"],
    )
    return [(pk, deadline, None) for pk, deadline in rows]


def _overdue_webhooks(rows: list[Flagged], department_ids) -> None:
    """push.flagged_overdue for the flagged pushes of departments that have a webhook, in one
    bulk insert; each delivery is queued after commit (the retry sweep sends what is missed)."""
    endpoints = list(WebhookEndpoint.objects.filter(active=True, department_id__in=department_ids))
    if not endpoints:
        return
    by_department: dict[int, list[WebhookEndpoint]] = {}
    for endpoint in endpoints:
        by_department.setdefault(endpoint.department_id, []).append(endpoint)
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                department_id=department_id,
                event="push.flagged_overdue",
                push_id=push_id,
                created_at=now,
                next_attempt_at=now,
            )
            for push_id, _deadline, department_id in rows
            if department_id in by_department
            for endpoint in by_department[department_id]
        ]
    )
    for delivery in deliveries:
        _enqueue("supervision.tasks.deliver_webhook", str(delivery.pk))
