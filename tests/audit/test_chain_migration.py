"""Migration 0004 hashes and links the events an existing database already holds, in id order,
and puts the append-only guard back (with the link as its one allowed UPDATE)."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from audit import chain
from audit.models import AuditEvent

BEFORE = [("audit", "0003_append_only_triggers")]


@pytest.mark.django_db(transaction=True)
def test_existing_events_are_back_filled_into_a_valid_chain():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        OldEvent = old.get_model("audit", "AuditEvent")
        ContentType = old.get_model("contenttypes", "ContentType")
        user_ct, _ = ContentType.objects.get_or_create(app_label="auth", model="user")
        made = [
            OldEvent.objects.create(
                content_type=user_ct,
                object_id=str(n),
                action="before_chain",
                note=f"旧事件 {n}",
                data={"n": n, "b": [2.0, "x"], "a": {"z": 1}},
            ).pk
            for n in range(5)
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)

    rows = list(AuditEvent.objects.filter(pk__in=made).order_by("pk"))
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == chain.GENESIS
    assert all(r.hash and r.content_hash for r in rows)
    report = chain.verify()
    assert report.ok and report.checked == 5, report.summary()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET note = 'x' WHERE id = %s", [made[0]])
