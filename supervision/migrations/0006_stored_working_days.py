"""Stored working days (issue 11's statistics speed): Push.claim_working_days, written by
claim_push when the clock stops, and its backfill for pushes claimed before (set-based, batched;
reversing drops the column, the backfill's reverse is a no-op)."""

from django.db import migrations, models


def backfill(apps, schema_editor):
    # The one SQL backfill (approvals.statistics.store_working_days): ordinals from the workdays
    # calendar per batch, the same count as workdays.working_days_between.
    from supervision.statistics import store_claim_working_days

    store_claim_working_days()


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0005_routing"),
        ("workdays", "0003_text_length_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="push",
            name="claim_working_days",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="认领用时(工作日)"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
