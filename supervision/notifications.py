"""E-mail for notifications: one mail per notification row, sent outside any transaction.

Two phases (docs/subsystems/outbound.md):
1. claim: one short transaction locks a batch of unmailed rows (`of=("self",)`: the joined
   recipients are read, not locked), stamps each with a lease (`mail_claimed_until`) and commits;
2. send: per row, renew its lease (a compare-and-set on the value this worker wrote), send the
   mail with no transaction open, then mark `emailed_at` in its own short transaction.
A worker that dies after a send and before its mark re-sends at most that one mail (after the
lease); one that dies before sending leaves its rows to be claimed again when the lease ends.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from supervision.models import Notification

log = logging.getLogger(__name__)

# A refusal of this one message: the next row may still go through the same server.
_PER_MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
)


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NOTIFICATION_MAIL_LEASE_SECONDS)


@dataclass
class Claimed:
    pk: int
    token: datetime.datetime  # the mail_claimed_until this worker wrote
    to: str
    subject: str
    text: str


def claim(*, limit: int = 500) -> tuple[list[Claimed], int]:
    """Phase 1: take up to `limit` unmailed rows that nobody holds, lease them, commit. Returns
    them and how many had no address (marked at once: in-app only, nothing to send)."""
    now = timezone.now()
    until = now + lease()
    with transaction.atomic(durable=True):
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(emailed_at__isnull=True)
            .filter(Q(mail_claimed_until__isnull=True) | Q(mail_claimed_until__lte=now))
            .order_by("created_at", "pk")[:limit]
        )
        silent = [row.pk for row in rows if not row.recipient.email]
        claimed = [row for row in rows if row.recipient.email]
        if silent:
            Notification.objects.filter(pk__in=silent).update(
                emailed_at=now, mail_claimed_until=None
            )
        if claimed:
            Notification.objects.filter(pk__in=[row.pk for row in claimed]).update(
                mail_claimed_until=until
            )
    return [
        Claimed(
            pk=row.pk,
            token=until,
            to=row.recipient.email,
            subject=row.subject,
            text=f"{row.body}\n\n{settings.SITE_URL}{row.link}".strip()
            if row.link
            else row.body.strip(),
        )
        for row in claimed
    ], len(silent)


def _renew(item: Claimed) -> bool:
    """Still ours and still unmailed? Extend the lease for this one send (compare-and-set)."""
    until = timezone.now() + lease()
    with transaction.atomic(durable=True):
        renewed = Notification.objects.filter(
            pk=item.pk, emailed_at__isnull=True, mail_claimed_until=item.token
        ).update(mail_claimed_until=until)
    if renewed:
        item.token = until
    return bool(renewed)


def _send(item: Claimed, connection) -> None:
    EmailMessage(
        item.subject, item.text, settings.DEFAULT_FROM_EMAIL, [item.to], connection=connection
    ).send()


def _record_sent(item: Claimed) -> None:
    """Phase 2's second half: this mail went out; say so in its own short transaction."""
    with transaction.atomic(durable=True):
        Notification.objects.filter(pk=item.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now(), mail_claimed_until=None
        )


def _release(items: list[Claimed]) -> None:
    """Give back rows this worker will not send now, so the next sweep takes them at once."""
    with transaction.atomic(durable=True):
        for item in items:
            Notification.objects.filter(
                pk=item.pk, emailed_at__isnull=True, mail_claimed_until=item.token
            ).update(mail_claimed_until=None)


def send_claimed(items: list[Claimed]) -> int:
    """Phase 2: send each claimed row with no transaction open; mark each right after."""
    sent = 0
    connection = get_connection(fail_silently=False)  # one SMTP session for the batch
    try:
        for index, item in enumerate(items):
            if not _renew(item):
                continue  # our lease ran out and another worker took it (or mailed it)
            try:
                _send(item, connection)
            except _PER_MESSAGE_ERRORS:
                log.exception("mail to %s refused; will retry", item.to)
                _release([item])
                continue
            except Exception:  # server down, hung past EMAIL_TIMEOUT, soft time limit...
                log.exception("mail server failed at %s; the rest wait for the next sweep", item.to)
                _release(items[index:])
                break
            _record_sent(item)
            sent += 1
    finally:
        try:
            connection.close()
        except Exception:
            log.warning("closing the mail connection failed", exc_info=True)
    return sent


def mail_pending(*, limit: int = 500) -> int:
    """Mail every notification not mailed yet; returns how many rows were marked."""
    items, silent = claim(limit=limit)
    return silent + send_claimed(items)
