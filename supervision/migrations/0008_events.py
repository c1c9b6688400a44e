# Issue 14 part "events": the event feed's rows and the sequencer's counter.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0007_feedback"),
        ("catalog", "0008_issue14_duties"),
        ("approvals", "0011_credit"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="EventSequence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("last", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "事件顺序号",
                "verbose_name_plural": "事件顺序号",
            },
        ),
        migrations.CreateModel(
            name="DepartmentEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("event", models.CharField(max_length=60, verbose_name="事件")),
                ("object_id", models.BigIntegerField(verbose_name="对象编号")),
                ("created_at", models.DateTimeField(verbose_name="发生时间")),
                ("data", models.JSONField(blank=True, null=True, verbose_name="冻结的数据")),
                (
                    "seq",
                    models.BigIntegerField(
                        blank=True, null=True, unique=True, verbose_name="顺序号"
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        help_text="可见此事件的部门;留空表示仅监察人员可见",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="catalog.department",
                        verbose_name="部门",
                    ),
                ),
            ],
            options={
                "verbose_name": "部门事件",
                "verbose_name_plural": "部门事件",
                "ordering": ["seq"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("seq__isnull", True)),
                        fields=["id"],
                        name="event_unsequenced",
                    ),
                    models.Index(fields=["department", "seq"], name="event_department_seq"),
                ],
            },
        ),
    ]
