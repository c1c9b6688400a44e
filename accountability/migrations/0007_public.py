"""The public side: 好差评 ratings, their follow-ups, complaints."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accountability", "0006_oversight"),
        ("approvals", "0002_text_length_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Rating",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "level",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (5, "非常满意"),
                            (4, "满意"),
                            (3, "基本满意"),
                            (2, "不满意"),
                            (1, "非常不满意"),
                        ],
                        verbose_name="评价等级",
                    ),
                ),
                ("comment", models.TextField(blank=True, max_length=500, verbose_name="评价内容")),
                (
                    "channel",
                    models.CharField(
                        choices=[("online", "网上评价"), ("window", "窗口评价")],
                        max_length=10,
                        verbose_name="评价渠道",
                    ),
                ),
                ("rated_at", models.DateTimeField(verbose_name="评价时间")),
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rating",
                        to="approvals.application",
                        verbose_name="办件",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="窗口人员",
                    ),
                ),
            ],
            options={
                "verbose_name": "好差评",
                "verbose_name_plural": "好差评",
                "ordering": ["-rated_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="RatingFollowUp",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "待回访"),
                            ("contacted", "已回访,整改中"),
                            ("closed", "已办结"),
                        ],
                        default="open",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                ("opened_at", models.DateTimeField(verbose_name="开启时间")),
                ("due_date", models.DateField(verbose_name="办结期限")),
                ("due_at", models.DateTimeField(verbose_name="办结期限(时刻)")),
                ("due_provisional", models.BooleanField(default=False, verbose_name="期限为暂定")),
                (
                    "contact_result",
                    models.TextField(blank=True, max_length=2000, verbose_name="回访情况"),
                ),
                (
                    "contacted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="回访时间"),
                ),
                ("outcome", models.TextField(blank=True, max_length=2000, verbose_name="整改结果")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="办结时间")),
                (
                    "closed_by",
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
                    "contacted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="回访人",
                    ),
                ),
                (
                    "rating",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="followup",
                        to="accountability.rating",
                        verbose_name="评价",
                    ),
                ),
            ],
            options={
                "verbose_name": "差评回访整改",
                "verbose_name_plural": "差评回访整改",
                "ordering": ["due_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Complaint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.CharField(max_length=20, unique=True, verbose_name="投诉编号")),
                ("name", models.CharField(max_length=50, verbose_name="投诉人")),
                ("phone", models.CharField(blank=True, max_length=20, verbose_name="联系电话")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="电子邮箱")),
                ("text", models.TextField(max_length=2000, verbose_name="投诉内容")),
                (
                    "receipt_number",
                    models.CharField(blank=True, max_length=30, verbose_name="相关受理编号"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("received", "已收到"),
                            ("accepted", "已受理"),
                            ("replied", "已答复"),
                            ("closed", "已办结"),
                        ],
                        default="received",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                ("submitted_at", models.DateTimeField(verbose_name="投诉时间")),
                ("due_date", models.DateField(verbose_name="办结期限")),
                ("due_at", models.DateTimeField(verbose_name="办结期限(时刻)")),
                ("due_provisional", models.BooleanField(default=False, verbose_name="期限为暂定")),
                (
                    "accepted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="受理时间"),
                ),
                (
                    "reply",
                    models.TextField(blank=True, max_length=2000, verbose_name="答复及处理结果"),
                ),
                (
                    "replied_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="答复时间"),
                ),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="办结时间")),
                (
                    "accepted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="受理人",
                    ),
                ),
                (
                    "application",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="complaints",
                        to="approvals.application",
                        verbose_name="相关办件",
                    ),
                ),
                (
                    "closed_by",
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
                    "replied_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="答复人",
                    ),
                ),
            ],
            options={
                "verbose_name": "投诉",
                "verbose_name_plural": "投诉",
                "ordering": ["-submitted_at", "-pk"],
                "indexes": [models.Index(fields=["status", "due_at"], name="complaint_status_due")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("phone", ""), _negated=True),
                            models.Q(("email", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="complaint_has_contact",
                    )
                ],
            },
        ),
        migrations.AddIndex(
            model_name="rating",
            index=models.Index(fields=["rated_at"], name="rating_rated_at"),
        ),
        migrations.AddConstraint(
            model_name="rating",
            constraint=models.CheckConstraint(
                condition=models.Q(("level__gte", 1), ("level__lte", 5)), name="rating_level_1_5"
            ),
        ),
        migrations.AddIndex(
            model_name="ratingfollowup",
            index=models.Index(fields=["status", "due_at"], name="followup_status_due"),
        ),
    ]
