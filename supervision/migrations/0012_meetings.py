# Issue 14 part "meetings": 联席会议 / 例会 with minutes, and their follow-up tasks (议定事项).
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import supervision.models.meetings


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0011_liaisons"),
        ("catalog", "0008_issue14_duties"),
        ("approvals", "0011_credit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Meeting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("joint", "联席会议"),
                            ("regular", "例会"),
                            ("special", "专题会议"),
                        ],
                        max_length=20,
                        verbose_name="会议类型",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="会议名称")),
                ("held_at", models.DateTimeField(verbose_name="召开时间")),
                ("place", models.CharField(blank=True, max_length=200, verbose_name="地点")),
                (
                    "attendees",
                    models.TextField(blank=True, max_length=20000, verbose_name="参会人员"),
                ),
                ("minutes", models.TextField(max_length=20000, verbose_name="会议纪要")),
                (
                    "attachment",
                    models.FileField(
                        blank=True,
                        max_length=300,
                        upload_to=supervision.models.meetings.meeting_path,
                        verbose_name="纪要附件",
                    ),
                ),
                ("created_at", models.DateTimeField(verbose_name="登记时间")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="登记人",
                    ),
                ),
                (
                    "departments",
                    models.ManyToManyField(
                        blank=True,
                        related_name="meetings",
                        to="catalog.department",
                        verbose_name="参会部门",
                    ),
                ),
            ],
            options={
                "verbose_name": "联席会议",
                "verbose_name_plural": "联席会议",
                "ordering": ["-held_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="MeetingTask",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="序号")),
                ("text", models.TextField(max_length=20000, verbose_name="议定事项")),
                ("days", models.PositiveSmallIntegerField(verbose_name="办理时限(工作日)")),
                ("deadline", models.DateTimeField(verbose_name="办结期限")),
                (
                    "deadline_provisional",
                    models.BooleanField(default=False, verbose_name="期限为暂定"),
                ),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="办结时间")),
                (
                    "done_note",
                    models.TextField(blank=True, max_length=20000, verbose_name="办结情况"),
                ),
                ("done_late", models.BooleanField(default=False, verbose_name="逾期办结")),
                (
                    "overdue_flagged_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="逾期标记时间"),
                ),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        help_text="留空表示由审批局承办",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="meeting_tasks",
                        to="catalog.department",
                        verbose_name="承办部门",
                    ),
                ),
                (
                    "done_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="办结人",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tasks",
                        to="supervision.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "会议议定事项",
                "verbose_name_plural": "会议议定事项",
                "ordering": ["meeting_id", "position"],
                "indexes": [
                    models.Index(
                        condition=models.Q(
                            ("done_at__isnull", True), ("overdue_flagged_at__isnull", True)
                        ),
                        fields=["deadline"],
                        name="meetingtask_open",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("meeting", "position"), name="meetingtask_position_once"
                    )
                ],
            },
        ),
    ]
