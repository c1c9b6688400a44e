"""复议 / 诉讼 over the API: list, read, record (POST), reply, outcome and the approver's
follow-up. Order of checks: role may not read -> 403; unknown id -> 404; role may not act ->
403; bad body -> 400; then the service (its DomainErrors become the contract's error body)."""

import re

from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from approvals.api.serializers import _optional_text, _text
from approvals.limits import NAME_MAX, NOTE_MAX, REASON_MAX
from approvals.models import Remedy
from approvals.models.remedies import CASE_NUMBER_MAX, OUTCOME_DOCUMENT_MAX, REMEDY_BODY_MAX
from approvals.services import remedies as services
from approvals.services.remedies import REMEDY_READERS, REMEDY_ROLES, RemedyAction
from core.api import error_responses, validated
from core.filters import StrictFilterSet
from core.parsers import JSONParser
from core.roles import require_role

_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="复议/诉讼编号")
TAG = ["remedies"]


# --- serializers -------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class AsciiDateField(serializers.DateField):
    """YYYY-MM-DD in ASCII digits only: strptime's %Y would also take fullwidth (２０２６) and
    other Unicode digits."""

    def to_internal_value(self, value):
        if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


def _date_field(**kwargs):
    return AsciiDateField(input_formats=["%Y-%m-%d"], **kwargs)


class RemedyDecisionSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="被申请复议/被诉的决定文号")
    kind = serializers.CharField(help_text="决定类型:approve | deny | change | …")
    decided_at = serializers.DateTimeField()
    application = serializers.IntegerField(source="application_id", allow_null=True)
    permit = serializers.CharField(source="permit.number", allow_null=True, default=None)


class RemedySerializer(serializers.ModelSerializer):
    decision = RemedyDecisionSerializer()
    reply_overdue = serializers.SerializerMethodField(
        help_text="尚未答复且已过答复期限(与监控页红色同一规则)"
    )
    reply_late = serializers.SerializerMethodField(
        help_text="已答复且答复日期晚于答复期限;未答复时为 null"
    )
    recorded_by = serializers.CharField(source="recorded_by.username")
    outcome = serializers.ChoiceField(
        choices=Remedy.Outcome.choices,
        allow_blank=True,
        read_only=True,
        help_text="复议 / 诉讼的结果;尚无结果时为空字符串",
    )
    allowed_actions = serializers.SerializerMethodField(
        help_text="调用者现在可执行的操作:reply | outcome | resolve"
    )

    class Meta:
        model = Remedy
        fields = [
            "id",
            "decision",
            "kind",
            "body",
            "case_number",
            "claimant",
            "received_on",
            "reply_due_on",
            "reply_due_provisional",
            "reply_overdue",
            "accepted_on",
            "decision_due_on",
            "replied_on",
            "reply_late",
            "reply_note",
            "status",
            "outcome",
            "outcome_on",
            "outcome_document",
            "notes",
            "follow_up",
            "procedure_id",
            "follow_up_note",
            "recorded_by",
            "recorded_at",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_reply_overdue(self, remedy) -> bool:
        return remedy.is_reply_overdue_at(timezone.now())

    def get_reply_late(self, remedy) -> bool | None:
        if remedy.replied_on is None:
            return None
        return remedy.replied_on > remedy.reply_due_on

    def get_allowed_actions(self, remedy) -> list[str]:
        request = self.context.get("request")
        names = {action: key for key, action in _ACTIONS.items()}
        return [names[a] for a in services.remedy_actions(remedy, request.user)] if request else []


_ACTIONS = {
    "reply": RemedyAction.REPLY,
    "outcome": RemedyAction.OUTCOME,
    "resolve": RemedyAction.RESOLVE,
}


class RemedyCreateSerializer(serializers.Serializer):
    decision = serializers.CharField(max_length=40, help_text="决定文号,如 示审批〔2026〕1号")
    kind = serializers.ChoiceField(choices=Remedy.Kind.choices)
    body = _text(REMEDY_BODY_MAX, help_text="复议机关或人民法院")
    case_number = _text(CASE_NUMBER_MAX, help_text="案号")
    claimant = _text(NAME_MAX, help_text="申请人或原告")
    received_on = _date_field(help_text="收到申请书副本 / 起诉状副本的日期,不晚于今天")
    accepted_on = _date_field(
        required=False, allow_null=True, default=None, help_text="受理 / 立案日期(选填)"
    )
    notes = _optional_text(REASON_MAX)


class ReplySerializer(serializers.Serializer):
    replied_on = _date_field(help_text="提交书面答复 / 答辩状的日期")
    note = _optional_text(NOTE_MAX)


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Remedy.Outcome.choices)
    outcome_on = _date_field()
    document_number = _optional_text(OUTCOME_DOCUMENT_MAX, help_text="复议决定书 / 判决书文号")
    notes = _optional_text(REASON_MAX)


class ResolveSerializer(serializers.Serializer):
    note = _text(NOTE_MAX, allow_blank=True, help_text="处理情况(必填)")


class RemedyFilter(StrictFilterSet):
    status = filters.ChoiceFilter(
        choices=Remedy.Status.choices, help_text="open | replied | closed"
    )
    kind = filters.ChoiceFilter(choices=Remedy.Kind.choices)
    follow_up = filters.ChoiceFilter(choices=Remedy.FollowUp.choices)
    overdue = filters.BooleanFilter(
        method="filter_overdue", help_text="true:尚未答复且已过答复期限;false:其余"
    )

    class Meta(StrictFilterSet.Meta):
        model = Remedy
        fields = ["status", "kind", "follow_up", "overdue"]

    def filter_overdue(self, queryset, name, value: bool):
        condition = Remedy.reply_overdue_q(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)


# --- views -------------------------------------------------------------------------------------

_LIST_ERRORS = error_responses(
    400,
    401,
    403,
    404,
    e400="筛选参数为空或不是可选值,或 page / page_size 无效(code: invalid)",
    e404="页码超出最后一页(code: not_found)",
)


def _action_schema(summary, request, roles, e400, e409):
    return extend_schema(
        summary=summary,
        description=f"角色:{roles}。成功时返回该复议/诉讼。",
        parameters=[_ID],
        request=request,
        responses={
            200: RemedySerializer,
            **error_responses(400, 401, 403, 404, 409, e400=e400, e409=e409),
        },
        tags=TAG,
    )


@extend_schema_view(
    list=extend_schema(
        summary="复议 / 诉讼列表",
        description="角色:approver、reviewer、inspector。未答复的在前,其次按答复期限。",
        responses={200: RemedySerializer(many=True), **_LIST_ERRORS},
        tags=TAG,
    ),
    retrieve=extend_schema(
        summary="复议 / 诉讼详情",
        parameters=[_ID],
        responses={200: RemedySerializer, **error_responses(400, 401, 403, 404)},
        tags=TAG,
    ),
    create=extend_schema(
        summary="登记行政复议 / 行政诉讼",
        description=(
            "角色:approver、reviewer。答复期限在登记时计算并保存:复议自收到申请书副本之日起"
            " 10 个工作日(行政复议法第四十八条、第八十八条);诉讼自收到起诉状副本之日起 15 日,"
            "届满日为休息日的顺延至其后第一个工作日(行政诉讼法第六十七条)。"
        ),
        request=RemedyCreateSerializer,
        responses={
            201: RemedySerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                409,
                e400="字段无效:日期晚于今天或早于决定日期等",
                e404="没有该文号的决定(code: decision_not_found)",
                e409="该案号已登记(code: duplicate_case)",
            ),
        },
        tags=TAG,
    ),
)
class RemedyViewSet(viewsets.GenericViewSet):
    """复议应诉: reconsiderations and lawsuits against the bureau's decisions."""

    serializer_class = RemedySerializer
    filterset_class = RemedyFilter
    parser_classes = [JSONParser]
    queryset = Remedy.objects.none()  # for the schema; objects come from the selector

    def get_queryset(self):
        return services.remedies_for(self.request.user)

    def _remedy(self, pk) -> Remedy:
        return services.remedy_detail(self.request.user, pk)

    def _answer(self, pk, status_code=status.HTTP_200_OK) -> Response:
        data = RemedySerializer(self._remedy(pk), context={"request": self.request}).data
        return Response(data, status=status_code)

    def list(self, request):
        require_role(request.user, *REMEDY_READERS)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = RemedySerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    def retrieve(self, request, pk=None):
        require_role(request.user, *REMEDY_READERS)
        return self._answer(pk)

    def create(self, request):
        require_role(request.user, *REMEDY_ROLES[RemedyAction.RECORD])
        data = validated(RemedyCreateSerializer, request)
        decision = services.decision_by_number(data.pop("decision"))
        remedy = services.record_remedy(decision_id=decision.pk, actor=request.user, **data)
        return self._answer(remedy.pk, status.HTTP_201_CREATED)

    def _act(self, request, pk, key, serializer_class, service):
        require_role(request.user, *REMEDY_READERS)
        remedy = self._remedy(pk)
        require_role(request.user, *REMEDY_ROLES[_ACTIONS[key]])
        data = validated(serializer_class, request)
        service(remedy_id=remedy.pk, actor=request.user, **data)
        return self._answer(remedy.pk)

    @_action_schema(
        "登记答复 / 答辩",
        ReplySerializer,
        "approver、reviewer",
        e400="日期早于收到副本日期或晚于今天",
        e409="已答复或已结案(code: invalid_transition)",
    )
    def reply(self, request, pk=None):
        return self._act(request, pk, "reply", ReplySerializer, services.record_reply)

    @_action_schema(
        "登记复议 / 诉讼结果",
        OutcomeSerializer,
        "approver、reviewer",
        e400="结果无效;日期早于收到副本日期或晚于今天",
        e409="已结案(code: invalid_transition)",
    )
    def outcome(self, request, pk=None):
        return self._act(request, pk, "outcome", OutcomeSerializer, services.record_outcome)

    @_action_schema(
        "记录结果的处理情况(审批负责人)",
        ResolveSerializer,
        "approver",
        e400="未说明处理情况(code: note_required)",
        e409="该结果无需审批负责人处理或已处理(code: no_follow_up)",
    )
    def resolve(self, request, pk=None):
        return self._act(request, pk, "resolve", ResolveSerializer, services.resolve_follow_up)
