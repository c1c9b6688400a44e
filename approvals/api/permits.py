"""Permits over the API: read one by number (scoped); act/ starts a later-decision procedure
(approver, ex officio): nothing decides on a permit without review any more."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from approvals import selectors
from approvals.api._common import (
    PERMIT_READERS,
)
from approvals.api.procedures import (
    ProcedureSerializer,
    procedure_answer,
    start_from_request,
)
from approvals.api.serializers import (
    PermitActSerializer,
    PermitSerializer,
)
from approvals.models import (
    Permit,
)
from approvals.services.decisions import is_permit_number_shaped
from approvals.workflow import PERMIT_DECISION_ROLES
from catalog import selectors as catalog_selectors
from core.api import error_responses
from core.errors import NotAllowed, NotFound
from core.parsers import JSONParser
from core.roles import Role, has_role, require_role

_NUMBER = OpenApiParameter(
    "number", OpenApiTypes.STR, OpenApiParameter.PATH, description="证件编号,如 XK2026000001"
)


def readable_permit(user, number: str) -> Permit:
    """The permit if the caller may read it: bureau roles and inspectors any, a liaison only one
    whose item version their department supervises (404 otherwise, as for a missing one)."""
    if not is_permit_number_shaped(number):
        if not has_role(user, *PERMIT_READERS, Role.LIAISON):
            raise NotAllowed()
        raise NotFound()
    if has_role(user, *PERMIT_READERS):
        return selectors.permit_by_number(number)
    if not has_role(user, Role.LIAISON):
        raise NotAllowed()
    permit = selectors.permit_by_number(number)
    departments = catalog_selectors.liaison_departments(user).values("pk")
    if not permit.item_version.supervising_departments.filter(pk__in=departments).exists():
        raise NotFound()
    return permit


class PermitViewSet(viewsets.GenericViewSet):
    """行政许可证件: read one by number; later decisions on it (approver)."""

    serializer_class = PermitSerializer
    parser_classes = [JSONParser]
    lookup_field = "number"
    lookup_value_regex = r"[^/]{1,30}"
    queryset = Permit.objects.none()  # objects come from readable_permit(); for the schema

    @extend_schema(
        summary="证件详情",
        description=(
            "监察人员与审批局各角色可读任一证件;监管部门联络员仅可读本部门监管事项的证件。"
            "item 为 {code, name}。"
        ),
        parameters=[_NUMBER],
        responses={200: PermitSerializer, **error_responses(401, 403, 404)},
        tags=["permits"],
    )
    def retrieve(self, request, number=None):
        permit = readable_permit(request.user, number)
        return Response(PermitSerializer(permit).data)

    @extend_schema(
        summary="对证件发起后续程序(变更、延续、撤回、撤销、注销;依职权)",
        description=(
            "角色:approver。不再直接作出决定:发起一个依职权(ex_officio)的后续程序,"
            "经审查、另一审批人决定(一审一核)后才加盖审批专用章。返回 201 与该程序"
            "(同一请求再次提交返回已有程序,200);之后使用 /api/v1/procedures/<id>/ 的操作。"
            "新客户端请用 POST /api/v1/permits/<number>/procedures/。"
        ),
        parameters=[_NUMBER],
        request=PermitActSerializer,
        responses={
            201: ProcedureSerializer,
            200: ProcedureSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                409,
                e409="证件状态不允许(code: permit_status),或已有进行中的同类程序"
                "(code: procedure_open)",
            ),
        },
        tags=["permits"],
    )
    @action(detail=True, methods=["post"])
    def act(self, request, number=None):
        readable_permit(request.user, number)
        require_role(request.user, *PERMIT_DECISION_ROLES)
        procedure, new = start_from_request(
            request, number, body=PermitActSerializer, source="ex_officio"
        )
        return procedure_answer(
            request, procedure, status.HTTP_201_CREATED if new else status.HTTP_200_OK
        )
