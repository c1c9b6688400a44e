"""Intake over the API: create (登记), accept (受理), record materials, correction, refusal."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import status
from rest_framework.decorators import action

from approvals import services
from approvals.api._common import (
    applicant_error,
    detail_response,
    transition_schema,
)
from approvals.api.serializers import (
    AcceptSerializer,
    ApplicationCreateSerializer,
    ApplicationDetailSerializer,
    ReasonSerializer,
    RecordMaterialsSerializer,
    RefuseSerializer,
    RequestCorrectionSerializer,
)
from approvals.services.applicants import PARTY_PREFIX, InvalidParty
from approvals.workflow import INTAKE_ROLES, ROLES, Action
from catalog import selectors as catalog_selectors
from core.api import error_responses, validated
from core.errors import InvalidInput, NotFound
from core.roles import require_role


def _agent(data: dict | None) -> dict | None:
    """The API's agent for services.take_in: the letter is the paper original checked."""
    if data is None:
        return None
    return {
        "name": data["name"],
        "id_number": data["id_number"],
        "phone": data["phone"],
        "letter_checked": data["authorization_letter_checked"],
    }


def party_error(exc: InvalidParty) -> InvalidParty:
    """The service names a party's fields agent_* / legal_rep_*; the API puts the messages
    under `agent` / `legal_representative`, as it puts the applicant's under `applicant`."""
    fields = {}
    for name, messages in exc.fields.items():
        role = next(r for r, prefix in PARTY_PREFIX.items() if name.startswith(prefix))
        fields.setdefault(role, []).extend(str(m) for m in messages)
    return InvalidParty(exc.message, code=exc.code, fields=fields)


class IntakeActions:
    """The window clerk's writes on an application; mixed into ApplicationViewSet."""

    @extend_schema(
        summary="登记办件",
        description="窗口人员登记申请人(按证件号查找或新建)并登记办件,使用事项的现行发布版本。",
        request=ApplicationCreateSerializer,
        responses={
            201: ApplicationDetailSerializer,
            **error_responses(
                400,
                401,
                403,
                e400="输入无效:未知或未发布的事项(fields.item)、事项未划转审批局"
                "(code: not_transferred,detail 写明承办部门)、证件号码校验失败"
                "(code: invalid_applicant,fields.applicant)、材料编号无效等",
            ),
        },
        tags=["applications"],
    )
    def create(self, request):
        require_role(request.user, *INTAKE_ROLES)
        data = validated(ApplicationCreateSerializer, request)
        try:
            version = catalog_selectors.published_version_for(data["item"])
        except NotFound:
            raise InvalidInput(
                _("未找到该事项,或该事项未发布。"),
                code="unknown_item",
                fields={"item": [_("事项编码无效或事项未发布。")]},
            ) from None
        # One service registers the applicant and submits, in one transaction: a failed
        # submit leaves no applicant.
        try:
            app = services.take_in(
                clerk=request.user,
                item_version=version,
                applicant=data["applicant"],
                provided={m["material"]: m["provided"] for m in data["materials"]},
                content=data["content"],
                agent=_agent(data["agent"]),
                legal_representative=data["legal_representative"],
            )
        except services.InvalidApplicant as exc:
            raise applicant_error(exc) from None
        except InvalidParty as exc:
            raise party_error(exc) from None
        return detail_response(request, app.pk, status.HTTP_201_CREATED)

    @transition_schema(
        "受理",
        AcceptSerializer,
        "window_clerk",
        e400="缺少必须提交的材料(code: materials_missing)、材料不可容缺(not_waivable)等",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *ROLES[Action.ACCEPT])
        data = validated(AcceptSerializer, request)
        services.accept(
            application_id=pk,
            clerk=request.user,
            waived=data["waived"],
            supply_by=data["supply_by"],
        )
        return detail_response(request, pk)

    @transition_schema(
        "核对材料(补正后登记已提交的材料)", RecordMaterialsSerializer, "window_clerk"
    )
    @action(detail=True, methods=["post"], url_path="record-materials")
    def record_materials(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *ROLES[Action.RECORD_MATERIALS])
        data = validated(RecordMaterialsSerializer, request)
        services.record_materials(application_id=pk, clerk=request.user, provided=data["provided"])
        return detail_response(request, pk)

    @transition_schema("一次性告知补正", RequestCorrectionSerializer, "window_clerk")
    @action(detail=True, methods=["post"], url_path="request-correction")
    def request_correction(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *ROLES[Action.REQUEST_CORRECTION])
        data = validated(RequestCorrectionSerializer, request)
        services.request_correction(
            application_id=pk, clerk=request.user, missing=data["missing"], note=data["note"]
        )
        return detail_response(request, pk)

    @transition_schema(
        "不予受理", RefuseSerializer, "window_clerk", e400="未说明理由(code: reason_required)"
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *ROLES[Action.REFUSE])
        data = validated(RefuseSerializer, request)
        services.refuse(application_id=pk, clerk=request.user, reason=data["reason"])
        return detail_response(request, pk)

    @transition_schema(
        "撤回申请(申请人在作出决定前撤回,窗口登记)",
        ReasonSerializer,
        "window_clerk",
        e400="未说明理由(code: reason_required)",
        e409="已作出决定、不予受理或已撤回/终止",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *ROLES[Action.WITHDRAW])
        data = validated(ReasonSerializer, request)
        services.withdraw(application_id=pk, clerk=request.user, reason=data["reason"])
        return detail_response(request, pk)

    @transition_schema(
        "终止办理(如申请单位依法终止、申请人死亡)",
        ReasonSerializer,
        "window_clerk, approver",
        e400="未说明理由(code: reason_required)",
        e409="已作出决定、不予受理或已撤回/终止",
    )
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *ROLES[Action.TERMINATE])
        data = validated(ReasonSerializer, request)
        services.terminate(application_id=pk, actor=request.user, reason=data["reason"])
        return detail_response(request, pk)
