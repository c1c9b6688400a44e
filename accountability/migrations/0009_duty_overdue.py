# Issue 14 part "feedback": overdue records of the new duties (feedback, checks, correspondence,
# meeting tasks); operations written by its helper.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accountability", "0008_monthly_reports"),
        ("supervision", "0012_meetings"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="overduerecord",
            name="overduerecord_one_object_of_its_kind",
        ),
        migrations.AddField(
            model_name="overduerecord",
            name="object_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="对象编号"),
        ),
        migrations.AlterField(
            model_name="overduerecord",
            name="kind",
            field=models.CharField(
                choices=[
                    ("push", "推送逾期未认领"),
                    ("report", "监管信息逾期未认领"),
                    ("application", "办件超期"),
                    ("feedback", "推送逾期未反馈"),
                    ("check", "告知承诺逾期未核查"),
                    ("information", "信息逾期未签收"),
                    ("inquiry", "函询逾期未回复"),
                    ("meeting_task", "会议议定事项逾期未办结"),
                ],
                max_length=20,
                verbose_name="类型",
            ),
        ),
        migrations.AddConstraint(
            model_name="overduerecord",
            constraint=models.UniqueConstraint(
                condition=models.Q(("object_id__isnull", False)),
                fields=("kind", "object_id"),
                name="overduerecord_duty_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="overduerecord",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("application", None),
                        ("kind", "push"),
                        ("object_id", None),
                        ("push__isnull", False),
                        ("report", None),
                    ),
                    models.Q(
                        ("application", None),
                        ("kind", "report"),
                        ("object_id", None),
                        ("push", None),
                        ("report__isnull", False),
                    ),
                    models.Q(
                        ("application__isnull", False),
                        ("kind", "application"),
                        ("object_id", None),
                        ("push", None),
                        ("report", None),
                    ),
                    models.Q(
                        ("application", None),
                        (
                            "kind__in",
                            ["feedback", "check", "information", "inquiry", "meeting_task"],
                        ),
                        ("object_id__isnull", False),
                        ("push", None),
                        ("report", None),
                    ),
                    _connector="OR",
                ),
                name="overduerecord_one_object_of_its_kind",
            ),
        ),
    ]
