"""Issue 13: the item version constraints carry Chinese messages and codes (the admin shows them
instead of "约束 “…” 是无效的"). AlterConstraint changes the migration state only: no SQL."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_procedure_steps"),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="itemversion",
            name="itemversion_unique_number",
            constraint=models.UniqueConstraint(
                fields=("item", "number"),
                name="itemversion_unique_number",
                violation_error_code="version_number_taken",
                violation_error_message="该事项已有这个版本号。",
            ),
        ),
        migrations.AlterConstraint(
            model_name="itemversion",
            name="itemversion_one_draft",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "draft")),
                fields=("item",),
                name="itemversion_one_draft",
                violation_error_code="draft_exists",
                violation_error_message="该事项已有一份草稿,请编辑已有草稿。",
            ),
        ),
        migrations.AlterConstraint(
            model_name="itemversion",
            name="itemversion_one_published",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "published")),
                fields=("item",),
                name="itemversion_one_published",
                violation_error_code="published_exists",
                violation_error_message="该事项已有一个已发布的版本。",
            ),
        ),
        migrations.AlterConstraint(
            model_name="itemversion",
            name="itemversion_committed_within_statutory",
            constraint=models.CheckConstraint(
                condition=models.Q(("committed_limit_days__lte", models.F("statutory_limit_days"))),
                name="itemversion_committed_within_statutory",
                violation_error_code="committed_over_statutory",
                violation_error_message="承诺时限不能超过法定时限。",
            ),
        ),
    ]
