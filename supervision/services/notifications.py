"""Notifications read in the UI."""

from django.db import transaction
from django.utils import timezone


@transaction.atomic
def mark_notifications_read(*, user, ids=None) -> int:
    qs = user.notifications.filter(read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
