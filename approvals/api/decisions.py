"""Decision and delivery over the API: decide (准予/不予许可), waived materials supplied, 出件."""

from rest_framework.decorators import action

from approvals import services
from approvals.api._common import (
    detail_response,
    transition_schema,
)
from approvals.api.serializers import (
    DecideSerializer as _DecideBody,
)
from approvals.api.serializers import (
    DeliverSerializer,
    SupplyWaivedSerializer,
    _text,
)
from approvals.limits import CONTENT_MAX
from approvals.workflow import ROLES, Action
from core.api import validated
from core.roles import require_role


class DecideSerializer(_DecideBody):
    """The decide body, plus what the approver approves (审批内容; added, nothing renamed).
    Same class name, so the schema's component stays DecideRequest."""

    content = _text(
        CONTENT_MAX,
        required=False,
        allow_null=True,
        default=None,
        help_text="审批内容:准予许可的内容,写入决定书、推送与证件;省略则为申请内容",
    )


class DecisionActions:
    """The approver's decision and the clerk's delivery; mixed into ApplicationViewSet."""

    @transition_schema(
        "作出准予/不予许可决定",
        DecideSerializer,
        "approver",
        e400="不予许可未说明理由(code: reason_required)、有效期无效、"
        "审批内容只含空白(code: content_required)",
        e403="角色无权,或审批人即本案审查人(code: same_person)",
        e409="状态不允许(如已作出决定),或没有启用的审批专用章(code: no_active_seal)",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *ROLES[Action.DECIDE])
        data = validated(DecideSerializer, request)
        services.decide(
            application_id=pk,
            approver=request.user,
            approve=data["decision"] == "approve",
            reason=data["reason"],
            valid_until=data["valid_until"],
            content=data["content"],
        )
        return detail_response(request, pk)

    @transition_schema(
        "补交容缺材料",
        SupplyWaivedSerializer,
        "window_clerk",
        e400="所选材料不是待补交的容缺材料(code: not_outstanding)",
    )
    @action(detail=True, methods=["post"], url_path="supply-waived")
    def supply_waived(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *ROLES[Action.SUPPLY_WAIVED])
        data = validated(SupplyWaivedSerializer, request)
        services.supply_waived(
            application_id=pk, clerk=request.user, material_ids=data["materials"]
        )
        return detail_response(request, pk)

    @transition_schema(
        "出件",
        DeliverSerializer,
        "window_clerk",
        e400="未填写领取人(code: collector_required)",
        e409="状态不允许,或容缺材料尚未补齐(code: waived_materials_outstanding)",
    )
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *ROLES[Action.DELIVER])
        data = validated(DeliverSerializer, request)
        services.deliver(application_id=pk, clerk=request.user, collected_by=data["collected_by"])
        return detail_response(request, pk)
