import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0006_branches"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Remedy",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("reconsideration", "行政复议"), ("lawsuit", "行政诉讼")], max_length=20, verbose_name="类型")),
                ("body", models.CharField(max_length=100, verbose_name="复议机关 / 人民法院")),
                ("case_number", models.CharField(max_length=60, verbose_name="案号")),
                ("claimant", models.CharField(max_length=200, verbose_name="申请人 / 原告")),
                ("received_on", models.DateField(verbose_name="收到副本日期")),
                ("reply_due_on", models.DateField(verbose_name="答复期限")),
                ("reply_due_at", models.DateTimeField(verbose_name="答复期限届满")),
                ("reply_due_provisional", models.BooleanField(default=False, verbose_name="期限暂定")),
                ("accepted_on", models.DateField(blank=True, null=True, verbose_name="受理 / 立案日期")),
                ("decision_due_on", models.DateField(blank=True, null=True, verbose_name="复议决定 / 一审判决期限")),
                ("replied_on", models.DateField(blank=True, null=True, verbose_name="答复日期")),
                ("reply_note", models.TextField(blank=True, max_length=1000, validators=[django.core.validators.MaxLengthValidator(1000)], verbose_name="答复说明")),
                ("status", models.CharField(choices=[("open", "待答复"), ("replied", "已答复"), ("closed", "已结案")], default="open", max_length=10, verbose_name="状态")),
                ("outcome", models.CharField(blank=True, choices=[("upheld", "维持"), ("annulled", "撤销"), ("changed", "变更"), ("confirmed_unlawful", "确认违法"), ("ordered_to_act", "责令履行"), ("dismissed", "驳回"), ("withdrawn", "申请人撤回")], max_length=20, verbose_name="结果")),
                ("outcome_on", models.DateField(blank=True, null=True, verbose_name="结果日期")),
                ("outcome_document", models.CharField(blank=True, max_length=60, verbose_name="复议决定书 / 判决书文号")),
                ("notes", models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name="备注")),
                ("follow_up", models.CharField(choices=[("none", "无需处理"), ("procedure", "已启动许可程序"), ("approver", "待审批负责人处理"), ("done", "已处理")], default="none", max_length=10, verbose_name="后续处理")),
                ("procedure_id", models.PositiveBigIntegerField(blank=True, null=True, verbose_name="许可程序编号")),
                ("follow_up_note", models.TextField(blank=True, max_length=1000, validators=[django.core.validators.MaxLengthValidator(1000)], verbose_name="后续处理说明")),
                ("recorded_at", models.DateTimeField(auto_now_add=True, verbose_name="登记时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                ("decision", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="remedies", to="approvals.decision", verbose_name="被申请的决定")),
                ("recorded_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="登记人")),
                ("replied_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="答复人")),
            ],
            options={
                "verbose_name": "行政复议 / 行政诉讼",
                "verbose_name_plural": "行政复议 / 行政诉讼",
                "ordering": ["-received_on", "-pk"],
                "indexes": [models.Index(fields=["status", "reply_due_at"], name="remedy_reply_due")],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "body", "case_number"), name="remedy_unique_case"),
                    models.CheckConstraint(condition=models.Q(models.Q(("outcome__gt", ""), ("outcome_on__isnull", False), ("status", "closed")), models.Q(models.Q(("status", "closed"), _negated=True), ("outcome", "")), _connector="OR"), name="remedy_outcome_iff_closed"),
                ],
            },
        ),
    ]
