# Issue 14 part "feedback": its helper writes the operations here by hand (the chain is fixed so the
# parts do not conflict); `makemigrations --check` must say nothing once every part is in.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0006_stored_working_days"),
        ("catalog", "0008_issue14_duties"),
        ("approvals", "0011_credit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="push",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="办结时间"),
        ),
        migrations.AddField(
            model_name="push",
            name="feedback_deadline",
            field=models.DateTimeField(blank=True, null=True, verbose_name="处置反馈期限"),
        ),
        migrations.AddField(
            model_name="push",
            name="feedback_flagged_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="反馈逾期标记时间"),
        ),
        migrations.AddField(
            model_name="supervisionreport",
            name="close_note",
            field=models.TextField(blank=True, max_length=2000, verbose_name="办结说明"),
        ),
        migrations.AddField(
            model_name="supervisionreport",
            name="close_outcome",
            field=models.CharField(
                blank=True,
                choices=[("acknowledged", "已知悉"), ("done", "已办结")],
                max_length=20,
                verbose_name="办结方式",
            ),
        ),
        migrations.AddField(
            model_name="supervisionreport",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="办结时间"),
        ),
        migrations.AddField(
            model_name="supervisionreport",
            name="closed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="办结人",
            ),
        ),
        migrations.CreateModel(
            name="PushFeedback",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("note", models.TextField(max_length=5000, verbose_name="处置情况")),
                ("final", models.BooleanField(default=False, verbose_name="处置完毕")),
                ("result", models.TextField(blank=True, max_length=2000, verbose_name="处置结果")),
                ("at", models.DateTimeField(verbose_name="反馈时间")),
                (
                    "by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="反馈人",
                    ),
                ),
                (
                    "push",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="feedbacks",
                        to="supervision.push",
                        verbose_name="审批结果推送",
                    ),
                ),
            ],
            options={
                "verbose_name": "处置反馈",
                "verbose_name_plural": "处置反馈",
                "ordering": ["at", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("final", True)),
                        fields=("push",),
                        name="push_one_final_feedback",
                    )
                ],
            },
        ),
    ]
