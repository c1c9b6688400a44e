"""Concurrent writers keep one valid chain and nobody deadlocks (PostgreSQL, real threads, real
commits). The transactions mix events with row locks in the orders that would deadlock a chain
lock taken at the first event, or a chain lock waited for at commit:
- "event, then lock": an event, then a row lock on a shared row, then another event;
- "lock, then event": the same row lock first, then events;
- "event, then child": an event, then a row that references the shared row without locking it
  (Django's deferred foreign-key check takes KEY SHARE on it at commit, after the chain trigger
  of the first event ran: a chain lock WAITED for at commit deadlocks against "lock, then
  event" — checked by making the trigger wait);
- "lock parent": another shared row FOR UPDATE, then an event."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from audit import chain
from audit.models import AuditEvent
from audit.services import record_event
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 12
ROUNDS = 4
PAUSE = 0.02


def test_concurrent_writers_that_lock_rows_keep_the_chain_valid():
    User = get_user_model()
    shared = User.objects.create_user("shared_row")
    parent = Group.objects.create(name="h1-parent")
    writers = [User.objects.create_user(f"writer{i}") for i in range(THREADS)]

    def event_then_lock(user):
        for n in range(ROUNDS):
            with transaction.atomic():
                record_event(actor=user, obj=user, action="test_action", note=f"e-l {n}")
                time.sleep(PAUSE)
                User.objects.select_for_update().get(pk=shared.pk)
                record_event(actor=user, obj=shared, action="test_action", note=f"e-l {n} b")

    def lock_then_event(user):
        for n in range(ROUNDS):
            with transaction.atomic():
                User.objects.select_for_update().get(pk=shared.pk)
                record_event(actor=user, obj=shared, action="test_action", note=f"l-e {n}")
                time.sleep(PAUSE)
                record_event(actor=user, obj=user, action="test_action", note=f"l-e {n} b")

    def event_then_child(user):
        for n in range(ROUNDS):
            with transaction.atomic():
                record_event(actor=user, obj=user, action="test_action", note=f"e-c {n}")
                time.sleep(PAUSE)
                # A row that references the shared user (the second event's actor) without
                # locking it: its deferred FK check takes KEY SHARE on it at commit.
                record_event(actor=shared, obj=parent, action="test_action", note=f"e-c {n} b")

    def lock_parent(user):
        for n in range(ROUNDS):
            with transaction.atomic():
                Group.objects.select_for_update().get(pk=parent.pk)
                record_event(actor=user, obj=parent, action="test_action", note=f"l-p {n}")
                time.sleep(PAUSE)

    kinds = [event_then_lock, lock_then_event, event_then_child, lock_parent]
    started = time.monotonic()
    results = run_together([lambda u=u, k=kinds[i % 4]: k(u) for i, u in enumerate(writers)])
    elapsed = time.monotonic() - started
    assert [r[0] for r in results] == ["ok"] * THREADS, results
    expected = THREADS // 4 * ROUNDS * (2 + 2 + 2 + 1)
    assert AuditEvent.objects.count() == expected
    report = chain.verify()
    assert report.ok, report.summary()
    assert report.checked == expected
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, expected + 1))
    print(f"{THREADS} threads, {expected} events, {elapsed:.2f}s")


def test_an_event_committed_while_the_chain_lock_is_busy_is_linked_after_commit():
    """The commit that finds the chain lock taken does not wait: its events are linked by the
    sweep that record_event scheduled, right after the commit."""
    from django.db import connections

    user = get_user_model().objects.create_user("busy")
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [chain_lock_key()])
        sweeps = []
        original = chain.sweep

        def counting_sweep():
            sweeps.append(AuditEvent.objects.filter(seq__isnull=True).count())
            with other.cursor() as cursor:
                cursor.execute("COMMIT")  # the lock holder finishes; now the sweep may wait
            return original()

        chain.sweep = counting_sweep
        try:
            with transaction.atomic():
                event = record_event(actor=user, obj=user, action="test_action")
        finally:
            chain.sweep = original
    finally:
        other.close()
    assert sweeps == [1]  # committed unlinked, then swept
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.seq is not None and event.hash
    assert chain.verify().ok


def chain_lock_key():
    from audit.db import LOCK_KEY

    return LOCK_KEY
