"""The supervision reports API (api-contract.md, "Supervision reports"): list, detail, create,
claim, follow-up."""

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import error_responses, validated
from core.parsers import JSONParser
from core.roles import require_role
from supervision import selectors, services
from supervision.api._common import _DATE_FORMATS, _PK, _REPORT_ID, DETAIL_ERRORS, LIST_ERRORS
from supervision.fields import TextSerializerField
from supervision.filters import SupervisionReportFilter
from supervision.models import (
    FOLLOW_UP_CONTENT_MAX,
    FOLLOW_UP_REASON_MAX,
    PERMIT_NUMBER_MAX,
    REPORT_CLOSE_NOTE_MAX,
    REPORT_DECISION_NUMBER_MAX,
    SUMMARY_MAX,
    ReportCloseOutcome,
    SupervisionReport,
)
from supervision.serializers import (
    SupervisionReportSerializer,
)
from supervision.services import feedback
from supervision.workflow import REPORT_READERS, REPORT_ROLES, ReportAction


class ReportCreateSerializer(serializers.Serializer):
    permit = TextSerializerField(max_length=PERMIT_NUMBER_MAX, help_text="许可证件编号")
    kind = serializers.ChoiceField(
        choices=SupervisionReport.Kind.choices,
        help_text="penalty | suspension | licence_revocation | other",
    )
    decision_number = TextSerializerField(
        max_length=REPORT_DECISION_NUMBER_MAX, help_text="处罚(处理)决定文号"
    )
    decision_date = serializers.DateField(
        input_formats=_DATE_FORMATS, help_text="处罚(处理)决定日期,YYYY-MM-DD,不晚于今天"
    )
    summary = TextSerializerField(max_length=SUMMARY_MAX, help_text="摘要")
    attachment = serializers.FileField(
        required=False,
        allow_null=True,
        help_text="附件(仅 multipart/form-data):PDF、JPEG 或 PNG,不超过 10 MB",
    )


class ReportCloseSerializer(serializers.Serializer):
    """issue 14, feedback: the bureau closes a claimed report that needs no permit action."""

    outcome = serializers.ChoiceField(
        choices=ReportCloseOutcome.choices,
        help_text="acknowledged(已知悉)| done(已办结)",
    )
    note = TextSerializerField(
        max_length=REPORT_CLOSE_NOTE_MAX,
        allow_blank=True,
        required=False,
        default="",
        help_text="说明(可选)",
    )


class FollowUpSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["change", "withdraw", "revoke", "cancel", "suspend"],
        help_text="对证件启动的后续程序:变更、撤回、撤销、注销或责令停产停业(suspend)",
    )
    reason = TextSerializerField(
        max_length=FOLLOW_UP_REASON_MAX, allow_blank=True, help_text="理由(必填)"
    )
    content = TextSerializerField(
        max_length=FOLLOW_UP_CONTENT_MAX, required=False, allow_blank=True, default=""
    )
    valid_until = serializers.DateField(
        input_formats=_DATE_FORMATS, required=False, allow_null=True, default=None
    )


class FollowUpProcedureSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="程序编号(GET /api/v1/procedures/<id>/)")
    kind = serializers.CharField(help_text="程序类型:change、withdraw、revoke、cancel、suspend")
    status = serializers.CharField(help_text="程序状态(新启动为 started)")


class FollowUpResultSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="监管信息的状态:closed")
    decision_number = serializers.CharField(
        allow_null=True,
        help_text="始终为 null:后续程序经审查、审批后才作出决定(决定文号见程序)",
    )
    procedure = FollowUpProcedureSerializer(help_text="启动的后续程序(source: report)")
    report = SupervisionReportSerializer()


# --- supervision reports --------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="监管信息推送列表",
        description=("联络员:本部门报送的;窗口、审批人员与监察人员:全部。其他角色 403。最新在前。"),
        responses={200: SupervisionReportSerializer(many=True), **LIST_ERRORS},
        tags=["supervision-reports"],
    ),
    retrieve=extend_schema(
        summary="监管信息推送详情",
        parameters=[_REPORT_ID],
        responses={200: SupervisionReportSerializer, **DETAIL_ERRORS},
        tags=["supervision-reports"],
    ),
    create=extend_schema(
        summary="推送监管信息(部门 → 审批局)",
        description=(
            "联络员就本部门监管事项的证件推送行政处罚等监管信息。JSON,或 multipart/form-data 另附"
            " attachment 文件(PDF、JPEG、PNG,≤ 10 MB)。late:晚于处罚决定日期后第 7 个工作日推送。"
            "证件不存在或不属于本部门监管 → 404。"
        ),
        request={
            "application/json": ReportCreateSerializer,
            "multipart/form-data": ReportCreateSerializer,
        },
        responses={
            201: SupervisionReportSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                e400="字段无效;附件过大(code: file_too_large)或类型不符(code: file_type)",
                e404="证件不存在,或不属于本部门监管",
            ),
        },
        tags=["supervision-reports"],
    ),
)
class SupervisionReportViewSet(viewsets.GenericViewSet):
    """监管信息推送: departments report penalties back; the bureau claims and follows up."""

    serializer_class = SupervisionReportSerializer
    filterset_class = SupervisionReportFilter
    lookup_value_regex = _PK
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.reports_for(self.request.user)

    def _report(self, pk) -> SupervisionReport:
        return selectors.access_report(self.request.user, pk)

    def list(self, request):
        require_role(request.user, *REPORT_READERS)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(SupervisionReportSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        require_role(request.user, *REPORT_READERS)
        return Response(SupervisionReportSerializer(self._report(pk)).data)

    def create(self, request):
        require_role(request.user, *REPORT_ROLES[ReportAction.CREATE])
        data = validated(ReportCreateSerializer, request)
        report = services.create_report(
            user=request.user,
            permit_number=data["permit"],
            kind=data["kind"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            summary=data["summary"],
            attachment=data.get("attachment"),
        )
        return Response(
            SupervisionReportSerializer(self._report(report.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="认领监管信息(审批局)",
        parameters=[_REPORT_ID],
        description="角色:window_clerk、approver。再次认领 409 already_claimed。",
        request=None,
        responses={
            200: SupervisionReportSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                409,
                e400="Idempotency-Key 无效(code: invalid_idempotency_key)",
                e409="已被认领(code: already_claimed)",
            ),
        },
        tags=["supervision-reports"],
    )
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        require_role(request.user, *REPORT_READERS)
        report = self._report(pk)
        require_role(request.user, *REPORT_ROLES[ReportAction.CLAIM])
        services.claim_report(report_id=report.pk, user=request.user)
        return Response(SupervisionReportSerializer(self._report(report.pk)).data)

    @extend_schema(
        summary="办结监管信息(审批局:已知悉 / 已办结)",
        parameters=[_REPORT_ID],
        description=(
            "角色:window_clerk、approver。已认领、无需对证件采取措施的监管信息,以已知悉或已办结"
            "结束。未认领 409 not_claimed;已办结(含已作出后续决定)409 report_closed。"
        ),
        request=ReportCloseSerializer,
        responses={
            200: SupervisionReportSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                409,
                e400="outcome 无效或说明含控制字符、过长(code: invalid / invalid_close)",
                e409="未认领(code: not_claimed)或已办结(code: report_closed)",
            ),
        },
        tags=["supervision-reports"],
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        require_role(request.user, *REPORT_READERS)
        report = self._report(pk)
        require_role(request.user, *REPORT_ROLES[ReportAction.CLOSE])
        data = validated(ReportCloseSerializer, request)
        feedback.close_report(
            report_id=report.pk, user=request.user, outcome=data["outcome"], note=data["note"]
        )
        return Response(SupervisionReportSerializer(self._report(report.pk)).data)

    @extend_schema(
        summary="后续决定(审批局)",
        parameters=[_REPORT_ID],
        description=(
            "角色:approver。认领后的监管信息可启动对证件的后续程序(变更、撤回、撤销、注销、"
            "责令停产停业),来源为 report。此时不作出决定:程序经审查人员审查、审批负责人决定"
            "(一审一核)后加盖审批专用章,决定推送给该证件当前的监管部门。"
        ),
        request=FollowUpSerializer,
        responses={
            200: FollowUpResultSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                409,
                e400="未说明理由(code: reason_required)或决定类型无效",
                e409="监管信息未认领或已办结;证件已非有效状态",
            ),
        },
        tags=["supervision-reports"],
    )
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        require_role(request.user, *REPORT_READERS)
        report = self._report(pk)
        require_role(request.user, *REPORT_ROLES[ReportAction.FOLLOW_UP])
        data = validated(FollowUpSerializer, request)
        procedure = services.follow_up_report(
            report_id=report.pk,
            approver=request.user,
            kind=data["kind"],
            reason=data["reason"],
            content=data["content"],
            valid_until=data["valid_until"],
        )
        report = self._report(report.pk)
        return Response(
            {
                "status": report.status,
                "decision_number": None,
                "procedure": {
                    "id": procedure.pk,
                    "kind": procedure.kind,
                    "status": procedure.status,
                },
                "report": SupervisionReportSerializer(report).data,
            }
        )
