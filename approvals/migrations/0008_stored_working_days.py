"""Stored working days (issue 11's statistics speed): Application.decide_working_days, written
by decide() when the clock stops, and its backfill for applications decided before (set-based,
batched; reversing drops the column, the backfill's reverse is a no-op). Also moves 0003's two
RunSQL indexes into the model state (Application.Meta.indexes, same names): state only, the
database already has them."""

from django.db import migrations, models


def backfill(apps, schema_editor):
    # The one SQL backfill (approvals.statistics.store_working_days): ordinals from the workdays
    # calendar per batch, the same count as workdays.working_days_between.
    from approvals.statistics import store_decide_working_days

    store_decide_working_days()


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0007_remedies"),
        ("workdays", "0003_text_length_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="decide_working_days",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="决定用时(工作日)"
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="application",
                    index=models.Index(fields=["accepted_at"], name="application_accepted_at"),
                ),
                migrations.AddIndex(
                    model_name="application",
                    index=models.Index(fields=["decided_at"], name="application_decided_at"),
                ),
            ],
            database_operations=[],  # created by 0003_statistics_indexes (RunSQL)
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
