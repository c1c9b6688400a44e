"""Later decisions on a permit over the API: start a procedure on a permit, list and read
procedures, review, decide (or decline), send back and deliver. Every write calls its service
(approvals.services.procedures); the roles come from the one table (approvals.procedures)."""

from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals import procedures as rules
from approvals import selectors, services
from approvals.api.serializers import (
    _date_field,
    _optional_text,
    _text,
)
from approvals.limits import COLLECTOR_MAX, CONTENT_MAX, NAME_MAX, OPINION_MAX, REASON_MAX
from approvals.models import Permit, PermitProcedure
from approvals.procedures import ProcedureAction as A
from core.api import error_responses, validated
from core.errors import NotAllowed
from core.filters import StrictFilterSet
from core.parsers import JSONParser
from core.roles import has_role, require_role

PROCEDURE_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="后续程序编号"
)
PERMIT_NUMBER = OpenApiParameter(
    "number", OpenApiTypes.STR, OpenApiParameter.PATH, description="证件编号,如 XK2026000001"
)
PROCEDURE_DECISIONS = [
    ("approve", gettext_lazy("作出决定")),
    ("decline", gettext_lazy("不予作出决定")),
]


# --- responses ---------------------------------------------------------------------------------


class ProcedureSerializer(serializers.ModelSerializer):
    """One procedure, as it stands (no per-row queries: selectors.procedures_for joins all)."""

    permit = serializers.CharField(source="permit.number", help_text="证件编号")
    item = serializers.CharField(source="permit.item_version.name", help_text="事项名称")
    holder_name = serializers.CharField(source="permit.holder_name", help_text="持证人")
    permit_status = serializers.SerializerMethodField()
    # Plain strings here (the request bodies carry the enums): a choice set used by two
    # components would need a settings-wide enum name.
    kind = serializers.CharField(
        help_text="change | renew | withdraw | revoke | cancel | suspend | reinstate"
    )
    recommendation = serializers.CharField(help_text="approve | decline;未审查时为空")
    kind_display = serializers.CharField(source="get_kind_display")
    status_display = serializers.CharField(source="get_status_display")
    source_display = serializers.CharField(source="get_source_display")
    requested_holder_name = serializers.CharField(source="holder_name")
    started_by = serializers.CharField(source="started_by.username")
    reviewed_by = serializers.CharField(source="reviewed_by.username", allow_null=True)
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True)
    delivered_by = serializers.CharField(source="delivered_by.username", allow_null=True)
    decision_number = serializers.CharField(source="decision.number", allow_null=True)
    new_permit = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = PermitProcedure
        fields = [
            "id",
            "permit",
            "item",
            "holder_name",
            "permit_status",
            "kind",
            "kind_display",
            "source",
            "source_display",
            "source_ref",
            "status",
            "status_display",
            "reason",
            "content",
            "valid_until",
            "requested_holder_name",
            "started_by",
            "started_at",
            "reviewed_by",
            "reviewed_at",
            "opinion",
            "recommendation",
            "send_back_reason",
            "decided_by",
            "decided_at",
            "decline_reason",
            "decision_number",
            "new_permit",
            "delivered_by",
            "delivered_at",
            "collected_by",
            "actions",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(
            choices=Permit.Status.choices,
            help_text="证件当前状态(责令停产停业期间为 suspended)",
        )
    )
    def get_permit_status(self, procedure) -> str:
        return procedure.permit.current_status

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text="变更、延续决定颁发的替代证件编号")
    )
    def get_new_permit(self, procedure):
        decision = procedure.decision
        if decision is None or decision.permit_id == procedure.permit_id:
            return None
        return decision.permit.number

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ChoiceField(choices=A.choices),
            help_text="调用者现在可执行的操作",
        )
    )
    def get_actions(self, procedure) -> list:
        user = self.context.get("user")
        return rules.user_actions(procedure, user) if user else []


# --- requests ----------------------------------------------------------------------------------


class ProcedureStartSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=PermitProcedure.Kind.choices,
        help_text="change | renew | withdraw | revoke | cancel | suspend | reinstate",
    )
    source = serializers.ChoiceField(
        choices=PermitProcedure.Source.choices,
        help_text="window(窗口申请,window_clerk)| report(监管信息,approver)| "
        "ex_officio(依职权,reviewer/approver)| remedy(复议诉讼结果,reviewer/approver)",
    )
    reason = _text(REASON_MAX, allow_blank=True)
    content = _optional_text(CONTENT_MAX, help_text="变更、延续后的许可内容等")
    valid_until = _date_field(
        required=False, allow_null=True, default=None, help_text="变更、延续的有效期至"
    )
    # Not normalised here: a name typed with nothing visible is refused by the service, while
    # an empty one keeps the holder's name.
    holder_name = serializers.CharField(
        max_length=NAME_MAX,
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="变更持证人名称时填写",
    )
    source_ref = _optional_text(40, help_text="来源编号,如监管信息或复议诉讼记录的编号")


class ProcedureReviewSerializer(serializers.Serializer):
    opinion = _text(OPINION_MAX, allow_blank=True)
    recommendation = serializers.ChoiceField(choices=PermitProcedure.Recommendation.choices)


class ProcedureDecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=PROCEDURE_DECISIONS)
    reason = _optional_text(REASON_MAX, help_text="不予作出决定时必填;作出决定时默认为发起事由")
    content = _text(
        CONTENT_MAX,
        required=False,
        allow_null=True,
        default=None,
        help_text="决定内容;省略则为发起时申请的内容",
    )


class ProcedureSendBackSerializer(serializers.Serializer):
    reason = _text(REASON_MAX, allow_blank=True)


class ProcedureDeliverSerializer(serializers.Serializer):
    collected_by = _text(COLLECTOR_MAX, allow_blank=True)


# --- views -------------------------------------------------------------------------------------


class ProcedureFilter(StrictFilterSet):
    status = filters.ChoiceFilter(choices=PermitProcedure.Status.choices, help_text="程序状态")
    kind = filters.ChoiceFilter(choices=PermitProcedure.Kind.choices, help_text="决定类型")
    permit = filters.CharFilter(field_name="permit__number", max_length=30, help_text="证件编号")

    class Meta(StrictFilterSet.Meta):
        model = PermitProcedure
        fields = ["status", "kind", "permit"]


def procedure_answer(request, procedure, code=status.HTTP_200_OK) -> Response:
    fresh = selectors.procedures_for(request.user).get(pk=procedure.pk)
    return Response(ProcedureSerializer(fresh, context={"user": request.user}).data, status=code)


def _write_schema(summary, request, roles, *, e400="", e403="", e409=""):
    described = {k: v for k, v in (("e400", e400), ("e403", e403), ("e409", e409)) if v}
    return extend_schema(
        summary=summary,
        description=f"角色:{roles}。成功时返回该程序(含 status)。",
        parameters=[PROCEDURE_ID],
        request=request,
        responses={
            200: ProcedureSerializer,
            **error_responses(400, 401, 403, 404, 409, **described),
        },
        tags=["procedures"],
    )


@extend_schema_view(
    list=extend_schema(
        summary="许可后续程序列表",
        description="窗口、审查、审批、监察人员可用,最新发起的在前。筛选:?status= ?kind= ?permit=",
        responses={200: ProcedureSerializer(many=True), **error_responses(400, 401, 403)},
        tags=["procedures"],
    ),
    retrieve=extend_schema(
        summary="许可后续程序详情",
        parameters=[PROCEDURE_ID],
        responses={200: ProcedureSerializer, **error_responses(401, 403, 404)},
        tags=["procedures"],
    ),
)
class ProcedureViewSet(viewsets.GenericViewSet):
    """许可后续程序: 变更、延续、撤回、撤销、注销、责令停产停业、恢复, each reviewed and decided."""

    serializer_class = ProcedureSerializer
    parser_classes = [JSONParser]
    filterset_class = ProcedureFilter
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        return selectors.procedures_for(self.request.user)

    def _readers_only(self):
        if not has_role(self.request.user, *rules.READERS):
            raise NotAllowed()

    def list(self, request):
        self._readers_only()
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = ProcedureSerializer(page, many=True, context={"user": request.user}).data
        return self.get_paginated_response(data)

    def retrieve(self, request, pk=None):
        self._readers_only()
        return Response(ProcedureSerializer(self.get_object(), context={"user": request.user}).data)

    @_write_schema(
        "审查后续程序",
        ProcedureReviewSerializer,
        "reviewer",
        e400="未填写审查意见(code: opinion_required)",
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        procedure = self.get_object()
        require_role(request.user, *rules.ROLES[A.REVIEW])
        data = validated(ProcedureReviewSerializer, request)
        services.review_procedure(
            procedure_id=procedure.pk,
            reviewer=request.user,
            opinion=data["opinion"],
            recommendation=data["recommendation"],
        )
        return procedure_answer(request, procedure)

    @_write_schema(
        "作出后续决定(或不予作出)",
        ProcedureDecideSerializer,
        "approver",
        e400="不予作出决定未说明理由(code: reason_required)、内容或有效期无效",
        e403="角色无权,或审批人即本程序审查人(code: same_person)",
        e409="状态不允许(如已决定),证件状态已不允许该决定(code: permit_status),"
        "或没有启用的审批专用章(code: no_active_seal)",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        procedure = self.get_object()
        require_role(request.user, *rules.ROLES[A.DECIDE])
        data = validated(ProcedureDecideSerializer, request)
        services.decide_procedure(
            procedure_id=procedure.pk,
            approver=request.user,
            approve=data["decision"] == "approve",
            reason=data["reason"],
            content=data["content"],
        )
        return procedure_answer(request, procedure)

    @_write_schema(
        "退回重审(后续程序)",
        ProcedureSendBackSerializer,
        "approver",
        e400="未说明理由(code: reason_required)",
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        procedure = self.get_object()
        require_role(request.user, *rules.ROLES[A.SEND_BACK])
        data = validated(ProcedureSendBackSerializer, request)
        services.send_back_procedure(
            procedure_id=procedure.pk, approver=request.user, reason=data["reason"]
        )
        return procedure_answer(request, procedure)

    @_write_schema(
        "送达后续决定",
        ProcedureDeliverSerializer,
        "window_clerk",
        e400="未填写签收人(code: collector_required)",
    )
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        procedure = self.get_object()
        require_role(request.user, *rules.ROLES[A.DELIVER])
        data = validated(ProcedureDeliverSerializer, request)
        services.deliver_procedure(
            procedure_id=procedure.pk, clerk=request.user, collected_by=data["collected_by"]
        )
        return procedure_answer(request, procedure)

    def get_object(self):
        self._readers_only()
        return super().get_object()


def start_from_request(
    request, number, *, body=ProcedureStartSerializer, source=None
) -> tuple[PermitProcedure, bool]:
    """Start (or, for a double submit, find) a procedure on the permit `number` from an API
    body; returns it and whether it is new. Shared by permits/<n>/procedures/ and the older
    permits/<n>/act/ (whose body has no source: it starts ex officio)."""
    from approvals.api.permits import readable_permit  # permits.py imports this module

    permit = readable_permit(request.user, number)
    require_role(request.user, *rules.ROLES[A.START])
    data = validated(body, request)
    source = source or data["source"]
    before = set(
        PermitProcedure.objects.filter(
            permit=permit, kind=data["kind"], status__in=PermitProcedure.OPEN
        ).values_list("pk", flat=True)
    )
    procedure = services.start_procedure(
        permit_number=permit.number,
        kind=data["kind"],
        actor=request.user,
        source=source,
        reason=data["reason"],
        content=data["content"],
        valid_until=data["valid_until"],
        holder_name=data["holder_name"],
        source_ref=data.get("source_ref", ""),
    )
    return procedure, procedure.pk not in before


class PermitProcedureStart(APIView):
    """POST permits/<number>/procedures/: start a later decision on a permit."""

    parser_classes = [JSONParser]

    @extend_schema(
        summary="对证件发起后续程序(变更、延续、撤回、撤销、注销、责令停产停业、恢复)",
        description=(
            "按来源:window 由窗口人员录入持证人申请;report 由审批负责人根据监管信息发起;"
            "ex_officio、remedy 由审查或审批人员发起。每个证件同类程序同时只能有一个进行中:"
            "相同请求再次提交返回已有程序(200),不同请求 409 procedure_open。"
            "之后经审查(review)、另一人决定(decide,一审一核)、送达(deliver)。"
        ),
        parameters=[PERMIT_NUMBER],
        request=ProcedureStartSerializer,
        responses={
            201: ProcedureSerializer,
            200: ProcedureSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                409,
                e400="输入无效;该来源不能发起该类程序(code: kind_not_allowed)",
                e409="证件状态不允许(code: permit_status),或已有进行中的同类程序"
                "(code: procedure_open)",
            ),
        },
        tags=["procedures"],
    )
    def post(self, request, number):
        procedure, new = start_from_request(request, number)
        return procedure_answer(
            request, procedure, status.HTTP_201_CREATED if new else status.HTTP_200_OK
        )
