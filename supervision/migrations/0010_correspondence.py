# Issue 14 part "correspondence": its helper writes the operations here by hand (the chain is fixed
# so the parts do not conflict); `makemigrations --check` must say nothing once every part is in.
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import supervision.models.correspondence


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0009_checks"),
        ("catalog", "0008_issue14_duties"),
        ("approvals", "0011_credit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Information",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[("online", "线上"), ("paper", "纸质")],
                        default="online",
                        max_length=10,
                        verbose_name="渠道",
                    ),
                ),
                (
                    "direction",
                    models.CharField(
                        choices=[
                            ("to_bureau", "部门发往审批局"),
                            ("to_department", "审批局发往部门"),
                        ],
                        max_length=20,
                        verbose_name="方向",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("policy", "政策文件"),
                            ("training", "培训通知"),
                            ("unlicensed_tip", "无证经营线索"),
                            ("change_request", "变更或撤销申请(附专题会议纪要)"),
                            ("other", "其他"),
                            ("letter", "书面公函"),
                            ("case_transfer", "案卷移送"),
                            ("offline_push", "线下推送"),
                        ],
                        max_length=20,
                        verbose_name="类型",
                    ),
                ),
                (
                    "batch",
                    models.UUIDField(
                        db_index=True, default=uuid.uuid4, editable=False, verbose_name="批次"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="标题")),
                ("body", models.TextField(blank=True, max_length=5000, verbose_name="正文")),
                (
                    "attachment",
                    models.FileField(
                        blank=True,
                        max_length=300,
                        upload_to=supervision.models.correspondence.correspondence_path,
                        verbose_name="附件",
                    ),
                ),
                (
                    "reference_number",
                    models.CharField(blank=True, max_length=60, verbose_name="文号"),
                ),
                ("paper_date", models.DateField(blank=True, null=True, verbose_name="收发日期")),
                ("created_at", models.DateTimeField(verbose_name="发送时间")),
                (
                    "claim_deadline",
                    models.DateTimeField(blank=True, null=True, verbose_name="签收期限"),
                ),
                (
                    "deadline_provisional",
                    models.BooleanField(default=False, verbose_name="期限为暂定"),
                ),
                (
                    "claimed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="签收时间"),
                ),
                ("claim_late", models.BooleanField(default=False, verbose_name="逾期签收")),
                (
                    "overdue_flagged_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="逾期标记时间"),
                ),
                (
                    "claimed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="签收人",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="发送人",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="information",
                        to="catalog.department",
                        verbose_name="部门",
                    ),
                ),
            ],
            options={
                "verbose_name": "信息",
                "verbose_name_plural": "信息",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="InformationReceipt",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("read_at", models.DateTimeField(verbose_name="阅读时间")),
                (
                    "information",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="receipts",
                        to="supervision.information",
                        verbose_name="信息",
                    ),
                ),
                (
                    "reader",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="阅读人",
                    ),
                ),
            ],
            options={
                "verbose_name": "已读回执",
                "verbose_name_plural": "已读回执",
                "ordering": ["read_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Inquiry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "direction",
                    models.CharField(
                        choices=[
                            ("to_bureau", "部门发往审批局"),
                            ("to_department", "审批局发往部门"),
                        ],
                        max_length=20,
                        verbose_name="方向",
                    ),
                ),
                ("subject", models.CharField(max_length=200, verbose_name="事由")),
                ("question", models.TextField(max_length=5000, verbose_name="询问内容")),
                (
                    "attachment",
                    models.FileField(
                        blank=True,
                        max_length=300,
                        upload_to=supervision.models.correspondence.correspondence_path,
                        verbose_name="附件",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "待回复"), ("answered", "已回复"), ("closed", "已关闭")],
                        default="open",
                        max_length=20,
                        verbose_name="状态",
                    ),
                ),
                ("reply_days", models.PositiveSmallIntegerField(verbose_name="回复时限(工作日)")),
                ("asked_at", models.DateTimeField(verbose_name="发出时间")),
                ("reply_deadline", models.DateTimeField(verbose_name="回复期限")),
                (
                    "deadline_provisional",
                    models.BooleanField(default=False, verbose_name="期限为暂定"),
                ),
                (
                    "answered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="回复时间"),
                ),
                ("answer_late", models.BooleanField(default=False, verbose_name="逾期回复")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="关闭时间")),
                (
                    "overdue_flagged_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="逾期标记时间"),
                ),
                (
                    "answered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="回复人",
                    ),
                ),
                (
                    "asked_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="询问人",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="inquiries",
                        to="catalog.department",
                        verbose_name="部门",
                    ),
                ),
            ],
            options={
                "verbose_name": "函询",
                "verbose_name_plural": "函询",
                "ordering": ["-asked_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="InquiryMessage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("from_asker", models.BooleanField(verbose_name="询问方")),
                ("body", models.TextField(max_length=5000, verbose_name="内容")),
                ("at", models.DateTimeField(verbose_name="时间")),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="撰写人",
                    ),
                ),
                (
                    "inquiry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="supervision.inquiry",
                        verbose_name="函询",
                    ),
                ),
            ],
            options={
                "verbose_name": "函询往来",
                "verbose_name_plural": "函询往来",
                "ordering": ["at", "pk"],
            },
        ),
        migrations.AddIndex(
            model_name="information",
            index=models.Index(
                condition=models.Q(
                    ("claim_deadline__isnull", False),
                    ("claimed_at__isnull", True),
                    ("overdue_flagged_at__isnull", True),
                ),
                fields=["claim_deadline"],
                name="information_unclaimed",
            ),
        ),
        migrations.AddIndex(
            model_name="information",
            index=models.Index(
                fields=["department", "-created_at"], name="information_by_department"
            ),
        ),
        migrations.AddConstraint(
            model_name="informationreceipt",
            constraint=models.UniqueConstraint(
                fields=("information", "reader"), name="receipt_once"
            ),
        ),
        migrations.AddIndex(
            model_name="inquiry",
            index=models.Index(
                condition=models.Q(("overdue_flagged_at__isnull", True), ("status", "open")),
                fields=["reply_deadline"],
                name="inquiry_unanswered",
            ),
        ),
        migrations.AddIndex(
            model_name="inquiry",
            index=models.Index(fields=["department", "-asked_at"], name="inquiry_by_department"),
        ),
    ]
