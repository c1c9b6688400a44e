"""The hash chain: every event is hashed and linked in its writer's transaction; verify walks it
and names the first event that was changed, removed or moved (raw SQL with the guard lifted)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from audit import chain, db
from audit.models import AuditEvent
from audit.services import record_event

pytestmark = pytest.mark.django_db


def _events(user, n, **kwargs):
    return [
        record_event(actor=user, obj=user, action="test_action", note=f"第{i}条", **kwargs)
        for i in range(n)
    ]


def _linked():
    chain.link_pending()
    return list(AuditEvent.objects.order_by("seq"))


def test_events_are_linked_in_order_from_the_genesis(make_user):
    user = make_user("clerk_a", "window_clerk")
    made = _events(user, 4)
    rows = _linked()
    assert [e.pk for e in rows] == [e.pk for e in made]
    assert [e.seq for e in rows] == [1, 2, 3, 4]
    assert rows[0].prev_hash == chain.GENESIS
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.prev_hash == before.hash
    for row in rows:
        assert len(row.hash) == 64 and row.hash == chain.link_hash(
            row.seq, row.pk, row.prev_hash, row.content_hash
        )
    report = chain.verify()
    assert report.ok and report.checked == 4 and report.head_id == made[-1].pk
    assert report.head_hash == rows[-1].hash


def test_the_content_hash_is_the_same_after_a_database_round_trip(make_user):
    """jsonb reorders keys and rewrites numbers; the canonical form does not care."""
    user = make_user("clerk_a", "window_clerk")
    data = {
        "z": 1,
        "a": [1.5, 2.0, 1e16, -0.0001, True, None],
        "中文": {"b": "值\u2028", "a": "😀"},
        "big": 12345678901234567890,
        "nested": {"k": [{"y": 1, "x": 2}]},
        7: "int key",
        "tuple": (1, 2),
    }
    event = record_event(actor=user, obj=user, action="test_action", data=data, note="a\tb")
    stored = AuditEvent.objects.select_related("content_type").get(pk=event.pk)
    assert stored.content_hash == event.content_hash
    report = chain.verify()
    assert report.ok, report.summary()


def test_head_at_is_the_last_event_at_or_before_the_moment(make_user):
    user = make_user("clerk_a", "window_clerk")
    assert chain.head_at(timezone.now()) is None
    first, second, third = _events(user, 3)
    rows = {e.pk: e for e in _linked()}
    assert chain.head_at(first.at - datetime.timedelta(microseconds=1)) is None
    assert chain.head_at(first.at) == (first.pk, rows[first.pk].hash)
    assert chain.head_at(second.at) == (second.pk, rows[second.pk].hash)
    assert chain.head_at(timezone.now()) == (third.pk, rows[third.pk].hash)


def test_the_command_exits_zero_when_intact(make_user, capsys):
    user = make_user("clerk_a", "window_clerk")
    _events(user, 3)
    chain.link_pending()
    call_command("verify_audit_chain")
    assert "审计链完整" in capsys.readouterr().out


# --- tampering: the guard is lifted in the test's transaction and the rows changed by raw SQL --


def _tamper(*statements):
    chain.link_pending()
    vendor = connection.vendor
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in db.statements(vendor, install=False, version=2):
            cursor.execute(sql)
        for sql, params in statements:
            cursor.execute(sql, params)
        for sql in db.statements(vendor, install=True, version=2):
            cursor.execute(sql)


def _assert_broken_at(event_id, capsys):
    report = chain.verify()
    assert not report.ok and report.broken_id == event_id, report.summary()
    with pytest.raises(SystemExit) as exited:
        call_command("verify_audit_chain")
    assert exited.value.code != 0
    err = capsys.readouterr().err
    assert f"#{event_id}" in err
    return report


def test_a_changed_row_is_named(make_user, capsys):
    user = make_user("clerk_a", "window_clerk")
    events = _events(user, 5)
    _tamper(("UPDATE audit_auditevent SET note = %s WHERE id = %s", ["改过", events[2].pk]))
    report = _assert_broken_at(events[2].pk, capsys)
    assert "改动" in report.reason and report.checked == 2


def test_a_changed_time_or_data_is_named(make_user, capsys):
    user = make_user("clerk_a", "window_clerk")
    events = _events(user, 3, data={"department_id": 1})
    later = events[1].at + datetime.timedelta(seconds=1)
    _tamper(("UPDATE audit_auditevent SET at = %s WHERE id = %s", [later, events[1].pk]))
    _assert_broken_at(events[1].pk, capsys)


def test_a_deleted_row_is_named_by_the_event_after_it(make_user, capsys):
    user = make_user("clerk_a", "window_clerk")
    events = _events(user, 5)
    _tamper(("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk]))
    report = _assert_broken_at(events[2].pk, capsys)
    assert "删除" in report.reason


def test_reordered_rows_are_named(make_user, capsys):
    user = make_user("clerk_a", "window_clerk")
    events = _events(user, 5)
    a, b = events[1], events[3]
    rows = {e.pk: e for e in _linked()}
    _tamper(
        ("UPDATE audit_auditevent SET seq = -1 WHERE id = %s", [a.pk]),
        ("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [rows[a.pk].seq, b.pk]),
        ("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [rows[b.pk].seq, a.pk]),
    )
    _assert_broken_at(b.pk, capsys)


def test_a_rehashed_row_still_breaks_the_link_of_the_next(make_user, capsys):
    """Recomputing the changed row's own hashes is not enough: the next event's prev_hash
    names the old one."""
    user = make_user("clerk_a", "window_clerk")
    events = _events(user, 4)
    row = _linked()[1]
    new_content = chain.content_hash(
        **chain._content_of(
            {
                "at": row.at,
                "actor_id": row.actor_id,
                "actor_name": row.actor_name,
                "content_type__app_label": row.content_type.app_label,
                "content_type__model": row.content_type.model,
                "object_id": row.object_id,
                "object_repr": row.object_repr,
                "action": row.action,
                "before": row.before,
                "after": row.after,
                "note": "改过",
                "data": row.data,
            }
        )
    )
    new_hash = chain.link_hash(row.seq, row.pk, row.prev_hash, new_content)
    _tamper(
        (
            "UPDATE audit_auditevent SET note = %s, content_hash = %s, hash = %s WHERE id = %s",
            ["改过", new_content, new_hash, row.pk],
        )
    )
    _assert_broken_at(events[2].pk, capsys)


def test_a_row_inserted_without_its_link_is_named(make_user, capsys):
    user = make_user("clerk_a", "window_clerk")
    events = _events(user, 2)
    _tamper(
        (
            "INSERT INTO audit_auditevent (at, actor_name, content_type_id, object_id, object_repr,"
            " action, before, after, note, data, content_hash, prev_hash, hash)"
            " SELECT at, actor_name, content_type_id, object_id, object_repr, action, before,"
            " after, 'forged', data, content_hash, '', '' FROM audit_auditevent WHERE id = %s",
            [events[0].pk],
        )
    )
    forged = AuditEvent.objects.get(note="forged")
    _assert_broken_at(forged.pk, capsys)


def test_the_link_is_the_only_update_the_guard_lets_through(make_user):
    from django.db import DatabaseError

    user = make_user("clerk_a", "window_clerk")
    (event,) = _events(user, 1)
    chain.link_pending()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["0" * 64, event.pk])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET seq = 99 WHERE id = %s", [event.pk])
