"""The representations of pushes and reports, shared by the API and the webhooks (a webhook's
`data` is the object exactly as its GET endpoint returns it)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from approvals.validators import mask_id_number
from supervision.models import Push, SupervisionReport, WebhookDelivery


class DepartmentRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


def _person_name(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


class DutyBoundarySerializer(serializers.Serializer):
    """审管职责边界 of the pushed item's catalog version (blank where the catalog says nothing)."""

    approval_duty = serializers.CharField(help_text="审批职责:审批局审批什么")
    supervision_matters = serializers.CharField(help_text="监管事项:监管部门认领后监管什么")
    supervision_duty = serializers.CharField(help_text="监管责任")


def duty_boundary(push) -> dict:
    version = push.item_version
    return {
        field: getattr(version, field, "") or ""
        for field in DutyBoundarySerializer._declared_fields
    }


class PushSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer()
    duty_boundary = serializers.SerializerMethodField(
        help_text="审管职责边界(issue 14):认领即承担的监管事项与监管责任;列表不含此项"
    )
    claimed_by = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    feedback_overdue = serializers.SerializerMethodField(
        help_text="已认领、未反馈处置完毕且已过处置反馈期限(issue 14)"
    )
    decision_kind_label = serializers.CharField(
        read_only=True,
        help_text="决定类型的中文名称(准予行政许可、不予行政许可、变更、撤销、责令停产停业……)",
    )
    return_answer = serializers.ChoiceField(
        choices=[("", ""), ("rejected", "驳回退回"), ("closed", "关闭")],
        read_only=True,
        help_text="审批局对退回的处理:rejected(驳回,退回原部门重新认领)、closed(关闭);未处理为空",
    )

    class Meta:
        model = Push
        fields = [
            "id",
            "department",
            *Push.SNAPSHOT_FIELDS,
            "decision_kind_label",
            "pushed_at",
            "repushed_at",
            "claim_deadline",
            "deadline_provisional",
            "claimed_at",
            "claimed_by",
            "late",
            "overdue",
            "overdue_flagged_at",
            "status",
            "feedback",
            "feedback_at",
            # issue 14, feedback
            "feedback_deadline",
            "feedback_overdue",
            "closed_at",
            "return_reason",
            "returned_at",
            "return_answer",
            "return_answer_reason",
            "return_answered_at",
            "duty_boundary",
        ]
        read_only_fields = fields

    @extend_schema_field(DutyBoundarySerializer)
    def get_duty_boundary(self, push) -> dict:
        return duty_boundary(push)

    def get_claimed_by(self, push) -> str | None:
        return _person_name(push.claimed_by)

    def get_overdue(self, push) -> bool:
        """The model's one rule (Push.is_overdue_at), the same as the `?overdue=` filter."""
        return push.is_overdue_at(self.context.get("now") or timezone.now())

    def get_feedback_overdue(self, push) -> bool:
        """Claimed, no final feedback, past the feedback deadline (Push.is_feedback_overdue_at)."""
        return push.is_feedback_overdue_at(self.context.get("now") or timezone.now())


class PushListSerializer(PushSerializer):
    """Lists mask the holder's ID number (design rule 6); the detail shows it in full."""

    holder_id_number = serializers.SerializerMethodField()

    class Meta(PushSerializer.Meta):
        fields = [f for f in PushSerializer.Meta.fields if f != "duty_boundary"]
        read_only_fields = fields

    def get_holder_id_number(self, push) -> str:
        return mask_id_number(push.holder_id_number)


class SupervisionReportSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer()
    permit = serializers.CharField(source="permit.number")
    claimed_by = serializers.SerializerMethodField()
    follow_up_decision_number = serializers.CharField(
        source="follow_up.number",
        default=None,
        allow_null=True,
        help_text="后续决定的文号;尚无后续决定时为 null",
    )
    attachment = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    close_outcome = serializers.ChoiceField(
        choices=[("", ""), ("acknowledged", "已知悉"), ("done", "已办结")],
        read_only=True,
        help_text="审批局办结方式:acknowledged(已知悉)、done(已办结);未办结为空",
    )

    class Meta:
        model = SupervisionReport
        fields = [
            "id",
            "permit",
            "department",
            "kind",
            "decision_number",
            "decision_date",
            "summary",
            "attachment",
            "pushed_at",
            "late",
            "claim_deadline",
            "deadline_provisional",
            "status",
            "claimed_at",
            "claimed_by",
            "claim_late",
            "follow_up_decision_number",
            "overdue",
            "overdue_flagged_at",
            # issue 14, feedback: closed by the bureau (已知悉 acknowledged / 已办结 done)
            "close_outcome",
            "close_note",
            "closed_at",
        ]
        read_only_fields = fields

    def get_claimed_by(self, report) -> str | None:
        return _person_name(report.claimed_by)

    def get_overdue(self, report) -> bool:
        """Not claimed by the bureau in time (SupervisionReport.is_overdue_at), flagged or not."""
        return report.is_overdue_at(self.context.get("now") or timezone.now())

    def get_attachment(self, report) -> str | None:
        return report.attachment.name or None if report.attachment else None


class WebhookDeliverySerializer(serializers.ModelSerializer):
    endpoint = serializers.CharField(source="endpoint.url")
    department = serializers.CharField(source="department.code")
    attempts_log = serializers.SerializerMethodField()

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "endpoint",
            "department",
            "status",
            "attempts",
            "created_at",
            "next_attempt_at",
            "delivered_at",
            "last_status_code",
            "attempts_log",
        ]
        read_only_fields = fields

    def get_attempts_log(self, delivery) -> list[dict]:
        return [
            {
                "at": a.at.isoformat(),
                "status_code": a.status_code,
                "error": a.error,
                "duration_ms": a.duration_ms,
            }
            for a in delivery.attempt_log.all()
        ]
