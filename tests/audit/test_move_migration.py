"""Moving AuditEvent from accountability to audit keeps every event of an existing database:
the rows, their ids, and the content type the inspector's permissions hang on."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit.models import AuditEvent

BEFORE = [("accountability", "0003_overduerecord_push_overduerecord_report"), ("audit", None)]


@pytest.mark.django_db(transaction=True)
def test_an_existing_trail_survives_the_move():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        old = MigrationExecutor(connection).loader.project_state(BEFORE[:1]).apps
        OldEvent = old.get_model("accountability", "AuditEvent")
        ContentType = old.get_model("contenttypes", "ContentType")
        old_ct, _ = ContentType.objects.get_or_create(
            app_label="accountability", model="auditevent"
        )
        user_ct, _ = ContentType.objects.get_or_create(app_label="auth", model="user")
        made = OldEvent.objects.create(content_type=user_ct, object_id="1", action="before_move")
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)

    moved = AuditEvent.objects.get(pk=made.pk)
    assert (moved.action, moved.object_id) == ("before_move", "1")
    from django.contrib.contenttypes.models import ContentType as CT

    CT.objects.clear_cache()
    assert CT.objects.get(pk=old_ct.pk).app_label == "audit"
    assert CT.objects.get_for_model(AuditEvent).pk == old_ct.pk
    assert AuditEvent._meta.db_table == "audit_auditevent"
