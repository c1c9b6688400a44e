"""The pushes API (api-contract.md, "Pushes"): list, detail, claim, feedback, return, re-route."""

from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from catalog.models import Department
from core.api import error_responses, validated
from core.errors import NotFound
from core.roles import require_role
from supervision import selectors, services
from supervision.api._common import _PK, _PUSH_ID, DETAIL_ERRORS, LIST_ERRORS
from supervision.fields import TextSerializerField
from supervision.filters import PushFilter
from supervision.models import FEEDBACK_MAX, FEEDBACK_RESULT_MAX, RETURN_REASON_MAX, Push
from supervision.serializers import (
    PushListSerializer,
    PushSerializer,
)
from supervision.workflow import PUSH_READERS, PUSH_ROLES, PushAction

# --- serializers: requests and small responses ---------------------------------------------------


class FeedbackSerializer(serializers.Serializer):
    note = TextSerializerField(
        max_length=FEEDBACK_MAX, allow_blank=True, help_text="处置情况(必填)"
    )
    # issue 14, feedback: interim (处置中) by default; final (处置完毕) closes the push.
    final = serializers.BooleanField(
        required=False, default=False, help_text="true:处置完毕(办结推送);默认处置中"
    )
    result = TextSerializerField(
        max_length=FEEDBACK_RESULT_MAX,
        allow_blank=True,
        required=False,
        default="",
        help_text="处置结果(处置完毕时填写,可选)",
    )


class ReturnSerializer(serializers.Serializer):
    reason = TextSerializerField(
        max_length=RETURN_REASON_MAX,
        allow_blank=True,
        help_text="退回理由(必填),如:非本部门监管事项",
    )


class RerouteSerializer(serializers.Serializer):
    department = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Department.objects.all(),
        help_text="改派到的监管部门编码",
        error_messages={"does_not_exist": "没有编码为 {value} 的部门。"},
    )


class ReturnAnswerSerializer(serializers.Serializer):
    reason = TextSerializerField(
        max_length=RETURN_REASON_MAX,
        allow_blank=True,
        help_text="审批局的理由(必填)",
    )


class PushClaimResultSerializer(PushListSerializer):
    """The claimed push (list form: ID number masked); `late` says the claim was after the
    deadline."""


# --- pushes ---------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="审批结果推送列表",
        description=(
            "联络员:本部门的推送;监察人员:全部。其他角色 403。最新推送在前。"
            "列表中的 holder_id_number 为脱敏值。"
        ),
        responses={200: PushListSerializer(many=True), **LIST_ERRORS},
        tags=["pushes"],
    ),
    retrieve=extend_schema(
        summary="审批结果推送详情",
        parameters=[_PUSH_ID],
        description=(
            "推送时的快照,含完整的身份证号码或统一社会信用代码;查看自然人的身份证号码记入审计"
            "日志(view_id_number)。其他部门的推送 404。"
        ),
        responses={200: PushSerializer, **DETAIL_ERRORS},
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

    def _actionable(self, pk, action: str) -> int:
        """403 for a role that never touches pushes, 404 outside the caller's department,
        then 403 unless the caller may act (an inspector reads but does not act)."""
        require_role(self.request.user, *PUSH_READERS)
        push = selectors.access_push(self.request.user, pk)
        require_role(self.request.user, *PUSH_ROLES[action])
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
        push = selectors.push_for_detail(request.user, pk)
        services.reveal_holder_id_number(user=request.user, push=push, channel="api")
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
                400,
                401,
                403,
                404,
                409,
                e400="Idempotency-Key 无效(code: invalid_idempotency_key)",
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
        pk = self._actionable(pk, PushAction.CLAIM)
        services.claim_push(push_id=pk, user=request.user)
        return self._result(pk)

    @extend_schema(
        summary="反馈处置结果",
        parameters=[_PUSH_ID],
        description=(
            "认领后,联络员反馈处置情况(note 必填):处置中(final 缺省或 false,状态 "
            "feedback_given,可多次反馈,期限照计)或处置完毕(final: true,状态 closed)。"
        ),
        request=FeedbackSerializer,
        responses={
            200: PushListSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                409,
                e400="未填写处置情况(code: note_required)或内容无效",
                e409="未认领,或已办结(code: push_closed)",
            ),
        },
        tags=["pushes"],
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        pk = self._actionable(pk, PushAction.FEEDBACK)
        data = validated(FeedbackSerializer, request)
        services.give_feedback(
            push_id=pk,
            user=request.user,
            note=data["note"],
            final=data["final"],
            result=data["result"],
        )
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
        pk = self._actionable(pk, PushAction.RETURN)
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
        require_role(request.user, *PUSH_ROLES[PushAction.REROUTE])
        if not Push.objects.filter(pk=pk).exists():
            raise NotFound()
        data = validated(RerouteSerializer, request)
        new = services.reroute_push(push_id=pk, actor=request.user, department=data["department"])
        new = Push.objects.select_related("department", "claimed_by").get(pk=new.pk)
        return Response(PushListSerializer(new).data, status=status.HTTP_201_CREATED)

    def _answer_return(self, request, pk, action: str, service) -> Response:
        require_role(request.user, *PUSH_ROLES[action])
        if not Push.objects.filter(pk=pk).exists():
            raise NotFound()
        data = validated(ReturnAnswerSerializer, request)
        service(push_id=pk, actor=request.user, reason=data["reason"])
        push = Push.objects.select_related("department", "claimed_by").get(pk=pk)
        return Response(PushListSerializer(push).data)

    @extend_schema(
        summary="驳回退回(审批局)",
        parameters=[_PUSH_ID],
        description=(
            "角色:approver、window_clerk。审批局认为被退回的推送属于原部门监管:推送回到原部门"
            "(status: pushed),reason 为审批局理由,认领期限自此时重新计算 3 个工作日"
            "(repushed_at)。原部门联络员收到通知,部门系统再次收到 push.created 事件。"
            "返回该推送(证件号码脱敏)。"
        ),
        request=ReturnAnswerSerializer,
        responses={
            200: PushListSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                409,
                e400="未说明理由(code: reason_required)或理由含控制字符、过长",
                e409="推送未被退回或已改派、已处理(code: not_returned)",
            ),
        },
        tags=["pushes"],
    )
    @action(detail=True, methods=["post"], url_path="reject-return", url_name="reject-return")
    def reject_return(self, request, pk=None):
        return self._answer_return(request, pk, PushAction.REJECT_RETURN, services.reject_return)

    @extend_schema(
        summary="关闭退回(审批局)",
        parameters=[_PUSH_ID],
        description=(
            "角色:approver、window_clerk。审批局关闭被退回的推送(status: closed),须说明理由;"
            "原部门联络员收到通知。不改变该证件以后的推送去向。返回该推送(证件号码脱敏)。"
        ),
        request=ReturnAnswerSerializer,
        responses={
            200: PushListSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                409,
                e400="未说明理由(code: reason_required)或理由含控制字符、过长",
                e409="推送未被退回或已改派、已处理(code: not_returned)",
            ),
        },
        tags=["pushes"],
    )
    @action(detail=True, methods=["post"], url_path="close-return", url_name="close-return")
    def close_return(self, request, pk=None):
        return self._answer_return(request, pk, PushAction.CLOSE_RETURN, services.close_return)
