"""E-mail for notifications: one mail per notification row, marked when sent."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from supervision.models import Notification

log = logging.getLogger(__name__)


def mail_pending(*, limit: int = 500) -> int:
    sent = 0
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(emailed_at__isnull=True)
            .order_by("created_at")[:limit]
        )
        for row in rows:
            address = row.recipient.email
            if address:
                link = f"{settings.SITE_URL}{row.link}" if row.link else ""
                try:
                    send_mail(
                        row.subject,
                        f"{row.body}\n\n{link}".strip(),
                        settings.DEFAULT_FROM_EMAIL,
                        [address],
                    )
                except Exception:
                    log.exception("mail to %s failed; will retry", address)
                    continue
            row.emailed_at = timezone.now()  # no address: nothing to mail, in-app only
            row.save(update_fields=["emailed_at"])
            sent += 1
    return sent
