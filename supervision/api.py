"""The department REST API: pushes, supervision reports and webhook deliveries
(api-contract.md, "Pushes", "Webhooks", "Supervision reports").

Every write calls one service in supervision.services; every read is scoped by
supervision.selectors. Order of checks on an object endpoint: the caller's role cannot touch
this kind of object at all -> 403; the object is outside the caller's scope -> 404 (its existence
is not revealed); the role may read but not do this -> 403; bad body -> 400; then the service
(its DomainErrors become the contract's error body in core.api.exception_handler)."""

from django.core.files.base import ContentFile
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from approvals.models import Applicant
from audit.services import record_event
from catalog.models import Department
from core.api import error_responses, validated
from core.errors import InvalidInput, NotFound
from core.roles import Role, require_role
from core.uploads import check_upload
from supervision import selectors, services
from supervision.filters import PushFilter, SupervisionReportFilter, WebhookDeliveryFilter
from supervision.models import Push, SupervisionReport
from supervision.serializers import (
    PushListSerializer,
    PushSerializer,
    SupervisionReportSerializer,
    WebhookDeliverySerializer,
)

# Who may use each family of endpoints. The services check the same roles and stay the
# authority; checking here first makes a wrong role a 403 whatever the body or the object.
PUSH_READERS = (Role.LIAISON, Role.INSPECTOR)
PUSH_ACTORS = (Role.LIAISON,)
REROUTERS = (Role.APPROVER, Role.WINDOW_CLERK)
REPORT_READERS = (Role.LIAISON, Role.WINDOW_CLERK, Role.APPROVER, Role.INSPECTOR)
REPORT_CLAIMERS = (Role.WINDOW_CLERK, Role.APPROVER)
DELIVERY_READERS = (Role.LIAISON, Role.INSPECTOR)
_PK = r"[0-9]{1,18}"
_PUSH_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="推送编号")
_REPORT_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="监管信息编号"
)
_DELIVERY_ID = OpenApiParameter(
    "id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="投递编号(重试时不变)"
)
_DATE_FORMATS = ["%Y-%m-%d"]


# --- serializers: requests and small responses ---------------------------------------------------


class FeedbackSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, allow_blank=True, help_text="处置结果(必填)")


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, allow_blank=True, help_text="退回理由(必填),如:非本部门监管事项"
    )


class RerouteSerializer(serializers.Serializer):
    department = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Department.objects.all(),
        help_text="改派到的监管部门编码",
        error_messages={"does_not_exist": "没有编码为 {value} 的部门。"},
    )


class PushClaimResultSerializer(PushListSerializer):
    """The claimed push (list form: ID number masked); `late` says the claim was after the
    deadline."""


class ReportCreateSerializer(serializers.Serializer):
    permit = serializers.CharField(max_length=30, help_text="许可证件编号")
    kind = serializers.ChoiceField(
        choices=SupervisionReport.Kind.choices,
        help_text="penalty | suspension | licence_revocation | other",
    )
    decision_number = serializers.CharField(max_length=60, help_text="处罚(处理)决定文号")
    decision_date = serializers.DateField(
        input_formats=_DATE_FORMATS, help_text="处罚(处理)决定日期,YYYY-MM-DD,不晚于今天"
    )
    summary = serializers.CharField(max_length=5000, help_text="摘要")
    attachment = serializers.FileField(
        required=False,
        allow_null=True,
        help_text="附件(仅 multipart/form-data):PDF、JPEG 或 PNG,不超过 10 MB",
    )


class FollowUpSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["change", "withdraw", "revoke", "cancel"],
        help_text="对证件作出的后续决定:变更、撤回、撤销或注销",
    )
    reason = serializers.CharField(max_length=2000, allow_blank=True)
    content = serializers.CharField(required=False, allow_blank=True, default="")
    valid_until = serializers.DateField(
        input_formats=_DATE_FORMATS, required=False, allow_null=True, default=None
    )


class FollowUpResultSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="closed")
    decision_number = serializers.CharField(help_text="后续决定的文号")
    report = SupervisionReportSerializer()


# --- schema helpers -------------------------------------------------------------------------------

# --- pushes ---------------------------------------------------------------------------------------


def _holder_is_person(push: Push) -> bool:
    """Whether the snapshot's ID number is a natural person's 身份证号 (its display is audited).
    The holder is the permit's, or the applicant's when no permit was issued."""
    decision = push.decision
    if decision.permit_id:
        holder = decision.permit.holder
    elif decision.application_id:
        holder = decision.application.applicant
    else:  # not expected; when in doubt, audit the look
        return True
    return holder.kind == Applicant.Kind.PERSON


def push_for_detail(user, pk) -> Push:
    """One push for its detail (API and page), with what tells whether the holder is a person;
    404 outside the caller's scope (supervision.selectors.pushes_for)."""
    try:
        return (
            selectors.pushes_for(user)
            .select_related("decision__permit__holder", "decision__application__applicant")
            .get(pk=pk)
        )
    except (Push.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def record_id_number_view(user, push: Push, channel: str) -> None:
    """Design rule 6: every display of a person's full ID number leaves an audit event."""
    if _holder_is_person(push):
        record_event(
            actor=user,
            obj=push,
            action="view_id_number",
            note=push.holder_name,
            data={"channel": channel, "department": push.department.code},
        )


@extend_schema_view(
    list=extend_schema(
        summary="审批结果推送列表",
        description=(
            "联络员:本部门的推送;监察人员:全部。其他角色 403。最新推送在前。"
            "列表中的 holder_id_number 为脱敏值。"
        ),
        responses={200: PushListSerializer(many=True), **error_responses(400, 401, 403)},
        tags=["pushes"],
    ),
    retrieve=extend_schema(
        summary="审批结果推送详情",
        parameters=[_PUSH_ID],
        description=(
            "推送时的快照,含完整的身份证号码或统一社会信用代码;查看自然人的身份证号码记入审计"
            "日志(view_id_number)。其他部门的推送 404。"
        ),
        responses={200: PushSerializer, **error_responses(401, 403, 404)},
        tags=["pushes"],
    ),
)
class PushViewSet(viewsets.GenericViewSet):
    """审批结果推送: the supervising department's liaison claims, gives feedback or returns."""

    serializer_class = PushSerializer
    filterset_class = PushFilter
    lookup_value_regex = _PK

    def get_queryset(self):
        return selectors.pushes_for(self.request.user)

    def _actionable(self, pk) -> int:
        """403 for a role that never touches pushes, 404 outside the caller's department,
        then 403 unless the caller may act (an inspector reads but does not act)."""
        require_role(self.request.user, *PUSH_READERS)
        push = selectors.access_push(self.request.user, pk)
        require_role(self.request.user, *PUSH_ACTORS)
        return push.pk

    def _result(self, pk, status_code=status.HTTP_200_OK) -> Response:
        push = selectors.access_push(self.request.user, pk)
        return Response(PushListSerializer(push).data, status=status_code)

    def list(self, request):
        require_role(request.user, *PUSH_READERS)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(PushListSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        require_role(request.user, *PUSH_READERS)
        push = push_for_detail(request.user, pk)
        record_id_number_view(request.user, push, "api")
        response = Response(PushSerializer(push).data)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        summary="认领",
        parameters=[_PUSH_ID],
        description=(
            "本部门联络员认领推送。两人同时认领时只有一人成功,另一人 409 already_claimed。"
            "超过认领期限仍可认领,记为逾期认领(late: true)。返回推送(证件号码脱敏)。"
        ),
        request=None,
        responses={
            200: PushClaimResultSerializer,
            **error_responses(
                401,
                403,
                404,
                409,
                e403="角色无权(监察人员只读,不能认领)",
                e409="已被认领(code: already_claimed)或状态不允许(已退回)",
            ),
        },
        examples=[
            OpenApiExample(
                "认领成功",
                value={
                    "status": "claimed",
                    "claimed_at": "2026-06-02T09:30:00+08:00",
                    "late": False,
                },
                response_only=True,
            )
        ],
        tags=["pushes"],
    )
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        pk = self._actionable(pk)
        services.claim_push(push_id=pk, user=request.user)
        return self._result(pk)

    @extend_schema(
        summary="反馈处置结果",
        parameters=[_PUSH_ID],
        description="认领后,联络员填写处置结果(note 必填)。",
        request=FeedbackSerializer,
        responses={
            200: PushListSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                409,
                e400="未填写处置结果(code: note_required)",
                e409="未认领或已反馈",
            ),
        },
        tags=["pushes"],
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        pk = self._actionable(pk)
        data = validated(FeedbackSerializer, request)
        services.give_feedback(push_id=pk, user=request.user, note=data["note"])
        return self._result(pk)

    @extend_schema(
        summary="退回(非本部门监管)",
        parameters=[_PUSH_ID],
        description="认领前,联络员退回推送并说明理由;审批局改派到正确的部门。",
        request=ReturnSerializer,
        responses={
            200: PushListSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                409,
                e400="未说明理由(code: reason_required)",
                e409="已认领的推送不能退回",
            ),
        },
        tags=["pushes"],
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        pk = self._actionable(pk)
        data = validated(ReturnSerializer, request)
        services.return_push(push_id=pk, user=request.user, reason=data["reason"])
        return self._result(pk)

    @extend_schema(
        summary="改派(审批局)",
        parameters=[_PUSH_ID],
        description=(
            "角色:approver、window_clerk。把被退回的推送改派到另一监管部门,新推送重新计算认领"
            "期限。返回新推送(证件号码脱敏)。"
        ),
        request=RerouteSerializer,
        responses={
            201: PushListSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                409,
                e400="部门编码无效,或该部门已收到此推送(code: same_department)",
                e409="推送未被退回或已改派(code: not_returned)",
            ),
        },
        tags=["pushes"],
    )
    @action(detail=True, methods=["post"])
    def reroute(self, request, pk=None):
        require_role(request.user, *REROUTERS)
        if not Push.objects.filter(pk=pk).exists():
            raise NotFound()
        data = validated(RerouteSerializer, request)
        new = services.reroute_push(push_id=pk, actor=request.user, department=data["department"])
        new = Push.objects.select_related("department", "claimed_by").get(pk=new.pk)
        return Response(PushListSerializer(new).data, status=status.HTTP_201_CREATED)


# --- supervision reports --------------------------------------------------------------------------


def _attachment(uploaded):
    """Type and size limits of approvals.check_upload, reported under `attachment`."""
    if uploaded is None:
        return None
    try:
        data, _content_type = check_upload(uploaded)
    except InvalidInput as exc:
        messages = [str(m) for msgs in exc.fields.values() for m in msgs] or [str(exc.message)]
        raise InvalidInput(exc.message, code=exc.code, fields={"attachment": messages}) from None
    return ContentFile(data, name=(getattr(uploaded, "name", "") or "attachment")[:100])


@extend_schema_view(
    list=extend_schema(
        summary="监管信息推送列表",
        description=("联络员:本部门报送的;窗口、审批人员与监察人员:全部。其他角色 403。最新在前。"),
        responses={200: SupervisionReportSerializer(many=True), **error_responses(400, 401, 403)},
        tags=["supervision-reports"],
    ),
    retrieve=extend_schema(
        summary="监管信息推送详情",
        parameters=[_REPORT_ID],
        responses={200: SupervisionReportSerializer, **error_responses(401, 403, 404)},
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
        require_role(request.user, Role.LIAISON)
        data = validated(ReportCreateSerializer, request)
        report = services.create_report(
            user=request.user,
            permit_number=data["permit"],
            kind=data["kind"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            summary=data["summary"],
            attachment=_attachment(data.get("attachment")),
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
            **error_responses(401, 403, 404, 409, e409="已被认领(code: already_claimed)"),
        },
        tags=["supervision-reports"],
    )
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        require_role(request.user, *REPORT_READERS)
        report = self._report(pk)
        require_role(request.user, *REPORT_CLAIMERS)
        services.claim_report(report_id=report.pk, user=request.user)
        return Response(SupervisionReportSerializer(self._report(report.pk)).data)

    @extend_schema(
        summary="后续决定(审批局)",
        parameters=[_REPORT_ID],
        description=(
            "角色:approver。认领后的监管信息可引出对证件的变更、撤回、撤销或注销决定;"
            "该决定加盖审批专用章,并再次推送给监管部门。"
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
        require_role(request.user, Role.APPROVER)
        data = validated(FollowUpSerializer, request)
        decision = services.follow_up_report(
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
                "decision_number": decision.number,
                "report": SupervisionReportSerializer(report).data,
            }
        )


# --- webhook deliveries ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="回调投递记录",
        description="联络员:本部门的投递;监察人员:全部。每条含全部尝试记录。其他角色 403。",
        responses={200: WebhookDeliverySerializer(many=True), **error_responses(400, 401, 403)},
        tags=["webhooks"],
    ),
    retrieve=extend_schema(
        summary="回调投递详情",
        parameters=[_DELIVERY_ID],
        responses={200: WebhookDeliverySerializer, **error_responses(401, 403, 404)},
        tags=["webhooks"],
    ),
)
class WebhookDeliveryViewSet(viewsets.GenericViewSet):
    """Deliveries of signed webhook events to department systems, with every attempt."""

    serializer_class = WebhookDeliverySerializer
    filterset_class = WebhookDeliveryFilter
    lookup_value_regex = r"[0-9a-fA-F-]{32,36}"

    def get_queryset(self):
        return selectors.deliveries_for(self.request.user).prefetch_related("attempt_log")

    def list(self, request):
        require_role(request.user, *DELIVERY_READERS)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        require_role(request.user, *DELIVERY_READERS)
        try:
            delivery = self.get_queryset().get(pk=pk)
        except Exception:  # missing, out of scope or not a UUID: the same 404
            raise NotFound() from None
        return Response(WebhookDeliverySerializer(delivery).data)
