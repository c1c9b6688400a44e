"""Issue 13: the agent (经办人) and legal representative (法定代表人) recorded at intake."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0008_stored_working_days"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApplicationParty",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("agent", "经办人(委托代理人)"),
                            ("legal_representative", "法定代表人"),
                        ],
                        max_length=30,
                        verbose_name="身份",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="姓名")),
                (
                    "id_number",
                    models.CharField(blank=True, max_length=18, verbose_name="身份证号码"),
                ),
                ("phone", models.CharField(blank=True, max_length=30, verbose_name="联系电话")),
                (
                    "letter_checked_on_paper",
                    models.BooleanField(default=False, verbose_name="已核验纸质授权委托书"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="登记时间")),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="parties",
                        to="approvals.application",
                        verbose_name="办件",
                    ),
                ),
                (
                    "authorization_letter",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="approvals.storedfile",
                        verbose_name="授权委托书",
                    ),
                ),
            ],
            options={
                "verbose_name": "当事人",
                "verbose_name_plural": "当事人",
                "ordering": ["application", "role"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("application", "role"), name="applicationparty_one_per_role"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("role", "agent"), _negated=True),
                            models.Q(
                                models.Q(("id_number", ""), _negated=True),
                                models.Q(
                                    ("authorization_letter__isnull", False),
                                    ("letter_checked_on_paper", True),
                                    _connector="OR",
                                ),
                            ),
                            _connector="OR",
                        ),
                        name="applicationparty_agent_complete",
                    ),
                ],
            },
        ),
    ]
