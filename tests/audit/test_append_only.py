"""The audit trail is append-only: the ORM refuses to change or remove an event, and so does the
database itself (triggers on PostgreSQL and SQLite), also for raw SQL."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from audit.models import AppendOnly, AuditEvent
from audit.services import record_event, reveal_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_user):
    user = make_user("clerk_a", "window_clerk")
    return record_event(actor=user, obj=user, action="test_action", note="原始")


def test_the_queryset_refuses_update_and_delete(event):
    with pytest.raises(AppendOnly):
        AuditEvent.objects.update(note="改")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(note="改")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.bulk_update([event], ["note"])
    assert AuditEvent.objects.get(pk=event.pk).note == "原始"


def test_a_saved_event_cannot_be_saved_again_or_deleted(event):
    event.note = "改"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).note == "原始"


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_a_raw_update(event):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE audit_auditevent SET note = %s WHERE id = %s", ["改", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).note == "原始"


def test_the_database_refuses_a_raw_delete(event):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_inserting_still_works_through_raw_sql_too(event):
    """The triggers guard UPDATE and DELETE only: appending is the trail's whole purpose."""
    before = AuditEvent.objects.count()
    record_event(actor=None, obj=event.actor, action="another")
    assert AuditEvent.objects.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_whole_database_flush_empties_the_trail_and_keeps_the_guard(make_user):
    """`manage.py flush` (and the test runner between transactional tests) is the one
    sanctioned wipe; the triggers are back afterwards."""
    user = make_user("clerk_b", "window_clerk")
    record_event(actor=user, obj=user, action="before_flush")
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("after_flush")
    event = record_event(actor=user, obj=user, action="after_flush")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE audit_auditevent SET note = 'x' WHERE id = %s", [event.pk])


def test_reveal_writes_one_view_id_number_event(make_user):
    user = make_user("clerk_c", "window_clerk")
    reveal_id_number(actor=user, obj=user, note="110***********0021", data={"channel": "page"})
    event = AuditEvent.objects.get(action="view_id_number")
    assert (event.actor, event.object_id, event.data) == (user, str(user.pk), {"channel": "page"})
