"""The mail sweep: claim under a lease, commit, send outside any transaction, mark each mail."""

import datetime
import socket
import threading
import time
from collections import Counter

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection
from django.utils import timezone

from supervision import notifications
from supervision.models import Notification
from supervision.notifications import claim, mail_pending, send_claimed


class Crash(BaseException):
    """The process dies here (not an Exception: nothing in the sweep may catch it)."""


class HungMailServer:
    """Accepts connections on 127.0.0.1 and never says a word (no SMTP greeting)."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = threading.Event()
        self.connections = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)
            self.accepted.set()

    def close(self):
        self.sock.close()
        for conn in self.connections:
            conn.close()


@pytest.fixture
def hung_mail_server(settings):
    server = HungMailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.close()


@pytest.fixture
def pending(make_user):
    """notes(n) -> n unmailed notifications, one per user with an address."""

    def _make(n):
        return [
            Notification.objects.create(
                recipient=make_user(f"user{i}", email=f"user{i}@example.gov.cn"),
                subject=f"通知{i}",
                body="有新的审批结果推送",
                link="/supervision/inbox/",
            )
            for i in range(n)
        ]

    return _make


def _after_lease():
    return time_machine.travel(
        timezone.now() + notifications.lease() + datetime.timedelta(seconds=1), tick=False
    )


def test_each_notification_is_mailed_once_and_marked(pending):
    notes = pending(3)
    assert mail_pending() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [n.recipient.email for n in notes]
    assert mail.outbox[0].body.endswith("/supervision/inbox/")
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert not Notification.objects.filter(mail_claimed_until__isnull=False).exists()
    assert mail_pending() == 0 and len(mail.outbox) == 3


def test_a_crash_between_send_and_mark_resends_that_one_mail_only(pending, monkeypatch):
    """Killed after the 3rd mail went out and before it was marked: rows 1-2 are marked, row 3
    and the unsent rows 4-5 keep the dead worker's lease; after it, 3 is sent again (at most
    twice, the one in flight), 4-5 once; nothing is lost."""
    pending(5)
    real_record, calls = notifications._record_sent, []

    def dies_at_the_third(item):
        calls.append(item.pk)
        if len(calls) == 3:
            raise Crash
        real_record(item)

    monkeypatch.setattr(notifications, "_record_sent", dies_at_the_third)
    with pytest.raises(Crash):
        mail_pending()
    monkeypatch.setattr(notifications, "_record_sent", real_record)
    assert len(mail.outbox) == 3
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2

    assert mail_pending() == 0  # the dead worker's lease still holds rows 3-5
    with _after_lease():
        assert mail_pending() == 3
    sent = Counter(m.to[0] for m in mail.outbox)
    assert sent == {
        "user0@example.gov.cn": 1,
        "user1@example.gov.cn": 1,
        "user2@example.gov.cn": 2,  # the one in flight when the worker died
        "user3@example.gov.cn": 1,
        "user4@example.gov.cn": 1,
    }
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_rows_claimed_by_a_worker_that_died_before_sending_are_sent_after_the_lease(pending):
    pending(3)
    items, _ = claim()  # a worker claims, commits, and is killed before its first send
    assert len(items) == 3
    assert mail_pending() == 0 and not mail.outbox
    with _after_lease():
        assert mail_pending() == 3
    assert sorted(Counter(m.to[0] for m in mail.outbox).values()) == [1, 1, 1]


def test_a_worker_past_its_lease_does_not_send_what_another_worker_took(pending):
    pending(2)
    stalled, _ = claim()  # worker A claims, then stalls past its lease
    with _after_lease():
        assert mail_pending() == 2  # worker B takes the rows and mails them
        assert send_claimed(stalled) == 0  # A wakes up: its leases are gone, it sends nothing
    assert len(mail.outbox) == 2


def test_a_hung_mail_server_costs_one_timeout_and_gives_the_batch_back(
    pending, hung_mail_server, settings
):
    settings.EMAIL_TIMEOUT = 0.5
    pending(4)
    started = time.monotonic()
    assert mail_pending() == 0
    assert time.monotonic() - started < 1.5  # not 4 x the timeout
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 4
    assert not Notification.objects.filter(mail_claimed_until__isnull=False).exists()


sent_in_transaction = []


class RecordingBackend(LocmemBackend):
    def send_messages(self, messages):
        sent_in_transaction.append(connection.in_atomic_block)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_a_mail_is_sent(pending, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RecordingBackend"
    sent_in_transaction.clear()
    pending(2)
    assert mail_pending() == 2
    assert sent_in_transaction == [False, False]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_claim_locks_only_notification_rows(pending):
    from django.test.utils import CaptureQueriesContext

    pending(1)
    with CaptureQueriesContext(connection) as queries:
        claim()
    locking = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert len(locking) == 1
    assert locking[0].endswith('FOR UPDATE OF "supervision_notification" SKIP LOCKED')


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_hung_mail_server_does_not_block_a_decision_notifying_the_same_users(
    decided_tx, liaison, liaison_health, hung_mail_server, settings, monkeypatch
):
    """The sweep is stuck talking to the mail server about the two liaisons' old notifications;
    a decision that notifies the same two liaisons commits at its normal speed meanwhile."""
    from supervision.services import _common

    monkeypatch.setattr(_common, "_publish", lambda *args: None)  # no broker traffic here
    settings.EMAIL_TIMEOUT = 5
    for user in (liaison, liaison_health):
        user.email = f"{user.username}@example.gov.cn"
        user.save(update_fields=["email"])
        Notification.objects.create(recipient=user, subject="旧通知", body="…")

    def sweep():
        try:
            mail_pending()
        finally:
            connection.close()

    sweeper = threading.Thread(target=sweep)
    sweeper.start()
    try:
        assert hung_mail_server.accepted.wait(5), "the sweep never reached the mail server"
        started = time.monotonic()
        decided_tx()
        elapsed = time.monotonic() - started
        overlapped = sweeper.is_alive()  # still waiting on the mail server all along
    finally:
        hung_mail_server.close()
        sweeper.join(30)
    assert elapsed < 2.5, f"the decision waited {elapsed:.1f} s for the mail sweep"
    assert overlapped
    fresh = Notification.objects.exclude(subject="旧通知").filter(emailed_at=None)
    assert set(fresh.values_list("recipient", flat=True)) == {liaison.pk, liaison_health.pk}
