"""Procedures: later decisions on a permit (PermitProcedure); Decision.kind gains suspend and
reinstate, Permit.status gains suspended."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('approvals', '0004_archive'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='decision',
            name='kind',
            field=models.CharField(choices=[('approve', '准予行政许可'), ('deny', '不予行政许可'), ('change', '变更'), ('renew', '延续'), ('withdraw', '撤回'), ('revoke', '撤销'), ('cancel', '注销'), ('suspend', '责令停产停业'), ('reinstate', '恢复')], max_length=10, verbose_name='类型'),
        ),
        migrations.AlterField(
            model_name='permit',
            name='status',
            field=models.CharField(choices=[('valid', '有效'), ('changed', '已变更'), ('suspended', '已暂停(责令停产停业)'), ('withdrawn', '已撤回'), ('revoked', '已撤销'), ('cancelled', '已注销'), ('expired', '已过期')], default='valid', max_length=20, verbose_name='状态'),
        ),
        migrations.CreateModel(
            name='PermitProcedure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('change', '变更'), ('renew', '延续'), ('withdraw', '撤回'), ('revoke', '撤销'), ('cancel', '注销'), ('suspend', '责令停产停业'), ('reinstate', '恢复')], max_length=10, verbose_name='类型')),
                ('source', models.CharField(choices=[('window', '窗口申请'), ('report', '监管信息推送'), ('ex_officio', '依职权'), ('remedy', '复议诉讼结果')], max_length=12, verbose_name='来源')),
                ('source_ref', models.CharField(blank=True, max_length=40, verbose_name='来源编号')),
                ('status', models.CharField(choices=[('started', '待审查'), ('sent_back', '退回重审'), ('reviewed', '待决定'), ('decided', '已决定'), ('declined', '不予决定'), ('delivered', '已送达')], default='started', max_length=12, verbose_name='状态')),
                ('content', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='申请内容')),
                ('valid_until', models.DateField(blank=True, null=True, verbose_name='申请有效期至')),
                ('holder_name', models.CharField(blank=True, max_length=200, verbose_name='变更后持证人名称')),
                ('reason', models.TextField(max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='事由')),
                ('started_at', models.DateTimeField(verbose_name='发起时间')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='审查时间')),
                ('opinion', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='审查意见')),
                ('recommendation', models.CharField(blank=True, choices=[('approve', '建议作出决定'), ('decline', '建议不予作出')], max_length=10, verbose_name='审查建议')),
                ('send_back_reason', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='退回理由')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='决定时间')),
                ('decline_reason', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='不予决定理由')),
                ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='送达时间')),
                ('collected_by', models.CharField(blank=True, max_length=200, verbose_name='签收人')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审批人')),
                ('decision', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='procedure', to='approvals.decision', verbose_name='决定')),
                ('delivered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='送达人')),
                ('permit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='procedures', to='approvals.permit', verbose_name='证件')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审查人')),
                ('started_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='发起人')),
            ],
            options={
                'verbose_name': '许可后续程序',
                'verbose_name_plural': '许可后续程序',
                'ordering': ['-started_at', '-pk'],
                'indexes': [models.Index(fields=['status', 'started_at'], name='procedure_queue')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['started', 'sent_back', 'reviewed'])), fields=('permit', 'kind'), name='one_open_procedure_per_kind')],
            },
        ),
    ]
