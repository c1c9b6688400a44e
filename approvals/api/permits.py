"""Permits over the API: read one by number (scoped), later decisions on it (approver)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from approvals import selectors, services
from approvals.api._common import (
    PERMIT_READERS,
)
from approvals.api.serializers import (
    PermitActResultSerializer,
    PermitActSerializer,
    PermitSerializer,
)
from approvals.models import (
    Permit,
)
from approvals.workflow import PERMIT_DECISION_ROLES
from catalog import selectors as catalog_selectors
from core.api import error_responses, validated
from core.errors import NotAllowed, NotFound
from core.parsers import JSONParser
from core.roles import Role, has_role, require_role

_NUMBER = OpenApiParameter(
    "number", OpenApiTypes.STR, OpenApiParameter.PATH, description="证件编号,如 XK2026000001"
)


def readable_permit(user, number: str) -> Permit:
    """The permit if the caller may read it: bureau roles and inspectors any, a liaison only one
    whose item version their department supervises (404 otherwise, as for a missing one)."""
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
        summary="对证件作出决定(变更、延续、撤回、撤销、注销)",
        description="角色:approver。每项决定均有文号并加盖审批专用章;变更、延续颁发替代证件。",
        parameters=[_NUMBER],
        request=PermitActSerializer,
        responses={
            200: PermitActResultSerializer,
            **error_responses(400, 401, 403, 404, 409, e409="证件已非有效状态"),
        },
        tags=["permits"],
    )
    @action(detail=True, methods=["post"])
    def act(self, request, number=None):
        permit = readable_permit(request.user, number)
        require_role(request.user, *PERMIT_DECISION_ROLES)
        data = validated(PermitActSerializer, request)
        decision = services.act_on_permit(
            permit_number=permit.number,
            approver=request.user,
            kind=data["kind"],
            reason=data["reason"],
            content=data["content"],
            valid_until=data["valid_until"],
            holder_name=data["holder_name"],
        )
        acted = selectors.permit_by_number(permit.number)
        new = decision.permit if decision.permit_id != acted.pk else None
        result = {
            "decision_number": decision.number,
            "kind": decision.kind,
            "permit": PermitSerializer(acted).data,
            "new_permit": PermitSerializer(selectors.permit_by_number(new.number)).data
            if new
            else None,
        }
        return Response(result)
