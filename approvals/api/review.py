"""Review over the API: start review, the opinion, special procedures (pause / resume)."""

from rest_framework.decorators import action

from approvals import services
from approvals.api._common import (
    detail_response,
    transition_schema,
)
from approvals.api.serializers import (
    NoteSerializer,
    PauseSerializer,
    ReasonSerializer,
    ReviewSerializer,
)
from approvals.workflow import ROLES, Action
from core.api import validated
from core.roles import require_role


class ReviewActions:
    """The reviewer's (and approver's) writes on an application; mixed into ApplicationViewSet."""

    @transition_schema("开始审查", None, "reviewer")
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *ROLES[Action.START_REVIEW])
        services.start_review(application_id=pk, reviewer=request.user)
        return detail_response(request, pk)

    @transition_schema(
        "提交审查意见",
        ReviewSerializer,
        "reviewer",
        e400="意见或建议缺失;需现场踏勘的事项未填踏勘记录(code: site_inspection_required)",
        e403="角色无权,或该办件由其他审查人员审查中(code: not_your_case)",
        e409="状态不允许,或特别程序进行中(code: paused)",
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *ROLES[Action.REVIEW])
        data = validated(ReviewSerializer, request)
        services.review(
            application_id=pk,
            reviewer=request.user,
            opinion=data["opinion"],
            recommendation=data["recommendation"],
            site_inspection=data["site_inspection"],
        )
        return detail_response(request, pk)

    @transition_schema("启动特别程序(计时暂停)", PauseSerializer, "reviewer, approver")
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *ROLES[Action.PAUSE])
        data = validated(PauseSerializer, request)
        services.start_special_procedure(
            application_id=pk, actor=request.user, kind=data["kind"], note=data["note"]
        )
        return detail_response(request, pk)

    @transition_schema("结束特别程序(办结期限顺延)", NoteSerializer, "reviewer, approver")
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *ROLES[Action.RESUME])
        data = validated(NoteSerializer, request)
        services.end_special_procedure(application_id=pk, actor=request.user, note=data["note"])
        return detail_response(request, pk)

    @transition_schema(
        "退回重审",
        ReasonSerializer,
        "approver",
        e400="未说明理由(code: reason_required)",
        e409="办件不在“已审查”状态,或特别程序进行中",
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *ROLES[Action.SEND_BACK])
        data = validated(ReasonSerializer, request)
        services.send_back(application_id=pk, approver=request.user, reason=data["reason"])
        return detail_response(request, pk)
